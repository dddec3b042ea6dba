using EksIr.Core.Evidence;
using System.Text.Json;
using EksIr.Disk.Containers.Docker;
using EksIr.Core.Time;

namespace EksIr.Disk.Containers;

/// <summary>
/// An image on a node's disk, runtime-neutral. <see cref="Dangling"/>: no name and no child image;
/// <see cref="BuiltOnNode"/>: built (or committed, or imported) here rather than pulled from a registry — worth a look;
/// null when the disk keeps nothing to judge from;
/// <see cref="UsedByContainer"/>: some container on the disk runs it (an unused, built-here image may be the trace
/// of a container that was deleted). <see cref="Missing"/>: what the runtime names but the disk no longer holds (a
/// manifest or config blob garbage-collected or not collected); the image is listed with what is known.
/// </summary>
public sealed record ImageRecord(
    string Id,
    string Runtime,
    IReadOnlyList<string> Names,
    bool Dangling,
    PreciseTime? CreatedAt,
    long? Size,
    string? Parent,
    bool? BuiltOnNode,
    bool UsedByContainer,
    IReadOnlyList<string> RepoDigests,
    string? Missing = null);

/// <summary>One step of an image's history (its config's <c>history</c>), newest first, with what looks risky in it.</summary>
public sealed record ImageHistoryRow(PreciseTime? Created, string CreatedBy, bool EmptyLayer, string Comment, IReadOnlyList<string> Flags)
{
    /// <summary>The steps of an OCI/Docker image config's <c>history</c> array, newest first (as docker history shows them).</summary>
    public static IReadOnlyList<ImageHistoryRow> FromConfig(JsonElement config)
    {
        var steps = new List<ImageHistoryRow>();
        if (config.Get("history") is { ValueKind: JsonValueKind.Array } history)
        {
            foreach (var step in history.EnumerateArray())
            {
                var createdBy = step.Str("created_by") ?? "";
                steps.Add(new ImageHistoryRow(Rfc3339.TryParse(step.Str("created")), createdBy, step.Bool("empty_layer"), step.Str("comment") ?? "", BuildStepFlags.Of(createdBy)));
            }
        }

        steps.Reverse();
        return steps;
    }
}

/// <summary>The images found under a node root, and what could not be read.</summary>
public sealed record ImageListing(IReadOnlyList<ImageRecord> Images, IReadOnlyList<EvidenceProblem> Problems);

/// <summary>An image's history (the <c>history</c> verb's result).</summary>
public sealed record ImageHistory(string Image, string ImageId, IReadOnlyList<ImageHistoryRow> Steps);
