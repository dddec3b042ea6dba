using EksIr.Core.Reporting;
using EksIr.Disk.Containers;

namespace EksIr.Reporting;

/// <summary>The rows of a container listing, for the HTML and text renderers.</summary>
public static class ContainerViews
{
    public static readonly string[] Headers = ["Container ID", "Name", "Pod", "Kind", "Image", "Created (UTC)", "State", "Runtime", "Reach"];

    public static IEnumerable<IReadOnlyList<string?>> Rows(ContainerListing listing) =>
        listing.Containers
            .OrderBy(c => c.Pod?.Namespace, StringComparer.Ordinal)
            .ThenBy(c => c.Pod?.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Kind == "sandbox" ? 0 : 1)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => (IReadOnlyList<string?>)
            [
                c.Id.Contains('/') ? "(log folder only)" : c.Id.Length > 12 ? c.Id[..12] : c.Id,
                c.Name,
                c.Pod is { } pod ? $"{pod.Namespace}/{pod.Name}" : "",
                c.Kind ?? "",
                c.Image,
                c.CreatedAt?.ToString() ?? "",
                State(c),
                c.Runtime + (c.Namespace.Length > 0 ? $" ({c.Namespace})" : ""),
                string.Join(", ", c.Security.Notes()),
            ]);

    /// <summary>The state, with how it ended where the runtime recorded it ("exited (137 OOMKilled)").</summary>
    public static string State(ContainerRecord c) =>
        c.RunStatus is { ExitCode: { } code } run ? $"{c.State} ({code}{(run.Reason.Length > 0 ? " " + run.Reason : "")})" : c.State;

    public static string Summary(ContainerListing listing) =>
        Counted.Of(listing.Containers.Count, "container") +
        (listing.Containers.Count(c => c.Kind == "sandbox") is var sandboxes and > 0 ? $" ({sandboxes} pod sandboxes)" : "") +
        (listing.Containers.Count(c => c.State == "removed") is var removed and > 0 ? $", {removed} removed (only their logs or checkpoints remain)" : "") +
        (listing.Problems.Count > 0 ? $", {listing.Problems.Count} damaged records reported" : "");
}
