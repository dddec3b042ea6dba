using System.Globalization;
using EksIr.Core.Reporting;
using EksIr.Disk.Containers;

namespace EksIr.Reporting;

public static class StatusViews
{
    public static readonly string[] Headers = ["Engine", "Version", "Storage driver", "Containers", "Running at capture", "Pod sandboxes", "Images", "Unnamed images", "Removed containers", "Images with content missing"];

    public static IEnumerable<IReadOnlyList<string?>> Rows(NodeStatus status) =>
        status.Engines.Select(e => (IReadOnlyList<string?>)
        [
            e.Runtime, e.Version ?? $"unknown ({e.VersionUnknown})", e.StorageDriver, N(e.Containers), N(e.Running), N(e.PodSandboxes), N(e.Images), N(e.UnnamedImages), N(e.RemovedContainers), N(e.ImagesMissingContent),
        ]);

    public static string Summary(NodeStatus status) =>
        status.Engines.Count == 0 ? "no container engine state found" : string.Join("; ", status.Engines.Select(e => $"{e.Runtime}: {Counted.Of(e.Containers, "container")}, {Counted.Of(e.Images, "image")}"));

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
