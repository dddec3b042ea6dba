using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Timeline;
using EksIr.Core.Reporting;
using EksIr.Reporting;

namespace EksIr.Verbs.Disk;

/// <summary>The disk phase's verbs over a node's root: engines, containers, images, a container's files and changes.</summary>
public static class DiskVerbs
{
    private static readonly VerbOption Root = VerbOption.NodeRoot();

    private static readonly VerbOption Node = VerbOption.NodeDisk();

    private static readonly VerbOption Container = new("--container", "container id, unique id prefix, or name") { FromCase = EksIr.Core.Cases.CaseEntityKind.Container };

    public static IReadOnlyList<VerbDeclaration> All { get; } =
    [
        new Verb<NodeStatus>(
            "status",
            "Which container engines the node ran (version from its package database), storage drivers, and counts of " +
            "containers (running when the disk was captured), pod sandboxes and images.",
            [Root, Node],
            call => NodeStatus.Of(call.Node),
            StatusViews.Summary, r => r.Problems,
            (r, _) => TextTable.Render(StatusViews.Headers, StatusViews.Rows(r)),
            r => r.Engines, "print JSON instead of a table"),
        new Verb<ContainerListing>(
            "containers",
            "Every container on a node's disk (containerd and Docker), with its pod, kind, image and times.",
            [Root, Node],
            call => NodeContainers.List(call.Node),
            ContainerViews.Summary, r => r.Problems,
            (r, _) => TextTable.Render(ContainerViews.Headers, ContainerViews.Rows(r)),
            r => r.Containers, "print a JSON array instead of a table"),
        new Verb<ImageListing>(
            "images",
            "Every image on a node's disk (Docker and containerd): names, creation, size, and whether it was built here or is unused.",
            [Root, Node],
            call => NodeImages.List(call.Node),
            ImageViews.Summary, r => r.Problems,
            (r, _) => TextTable.Render(ImageViews.Headers, ImageViews.Rows(r)),
            r => r.Images, "print a JSON array (id, runtime, names, dangling, createdAt, size, …)"),
        new Verb<ImageHistory>(
            "history",
            "The build steps of an image (newest first), flagging download-and-execute, setuid/setgid and base64 blobs.",
            [Root, Node, new VerbOption("--image", "image name (repo:tag) or id prefix") { FromCase = EksIr.Core.Cases.CaseEntityKind.Image }],
            call => NodeImages.History(call.Node, call.Arguments.Required("--image")),
            ImageViews.Summary, _ => [],
            (r, _) => TextTable.Render(ImageViews.HistoryHeaders, ImageViews.Rows(r)),
            r => r.Steps, "print a JSON array (created, createdBy, emptyLayer, comment, flags)"),
        new Verb<ContainerDiff>(
            "diff",
            "A container's filesystem changes against its image, as docker diff prints them (A added, C changed, D deleted). " +
            "Empty mount points the runtime made (/proc, /dev, /etc/hosts, …) are left out and counted; --runtime-made lists them, marked.",
            [Root, Node, Container, VerbOption.Flag("--runtime-made", "also list the empty mount points the runtime made, marked")],
            call => ContainerDiff.Of(call.Node, call.Arguments.Required("--container"), call.Arguments.Flag("--runtime-made")),
            r => r.Summary, r => r.Problems,
            (r, _) => DiffViews.DockerText(r),
            r => r.Changes, "print a JSON array (path, change, type, mode, size, uid, gid, modified, linkTarget, runtimeMade)",
            notes: r => r.RuntimeMadeLeftOut > 0 ? [$"{r.RuntimeMadeLeftOut} empty mount points the runtime made left out (--runtime-made lists them)"] : []),
        new Verb<ContainerLayers>(
            "layers",
            "A container's overlay stack, its own writable layer first, then the image's layers newest first: the engine's " +
            "name for each (containerd snapshot, Docker layer chain id), its directory in the evidence, entries and size.",
            [Root, Node, Container],
            call => ContainerLayers.Of(call.Node, call.Arguments.Required("--container")),
            r => r.Summary, r => r.Problems,
            (r, _) => TextTable.Render(LayerViews.Headers, LayerViews.Rows(r)),
            r => r.Layers, "print a JSON array (index, role, id, engineName, evidencePath, entries, bytes)"),
        new Verb<ContainerFileListing>(
            "ls",
            "List a directory (or, with --recursive, a subtree) of a container as the container saw it (overlay layers merged, " +
            "whiteouts applied): mode, owner, size, time, the layer each entry comes from, and A/C/D for what the container " +
            "added, changed or deleted; SHA-256 of each file with --hash.",
            [
                Root,
                Node,
                Container,
                new VerbOption("--path", "path inside the container", Default: "/", Implicit: true),
                VerbOption.Flag("--recursive", "the whole subtree"),
                VerbOption.Flag("--hash", "SHA-256 of every file listed"),
            ],
            call => ContainerFileListing.Of(call.Node, call.Arguments.Required("--container"), call.Arguments.Required("--path"),
                call.Arguments.Flag("--recursive"), call.Arguments.Flag("--hash")),
            r => r.Summary, r => r.Problems,
            (r, _) => TextTable.Render(FileListingViews.Headers, FileListingViews.Rows(r)),
            r => r.Files, "print a JSON array (path, type, mode, size, uid, gid, modified, linkTarget, layer, layerIndex, change, sha256)"),
        new Verb<ContainerTimeline>(
            "timeline",
            "The MAC(B) times of every path a container added, changed or deleted (a deletion's time is its whiteout's), as a " +
            "TSK bodyfile for mactime (nanoseconds kept as a fraction) or Timesketch JSON lines; --out writes them to a file " +
            "(in the case folder unless absolute; never inside the evidence; an existing file is replaced only with --force), said where.",
            [
                Root, Node, Container, new VerbOption("--format", "bodyfile or timesketch", Default: "bodyfile"), new VerbOption("--out", "file to write the timeline to", ValueName: "FILE"),
                VerbExports.Force,
            ],
            Timeline,
            r => $"{r.Entries.Count} changed paths of {r.Container.Name}" + (r.WrittenTo is { } file ? $", written to {file}" : ""), r => r.Problems,
            (r, call) => r.WrittenTo is null ? Format(r, call) : "", // written to a file: said in a note, not printed again
            r => r.Entries, "print a JSON array of the entries (path, change, times)",
            notes: r => r.WrittenTo is { } file ? [$"timeline of {r.Container.Name}: {Core.Reporting.Counted.Of(r.Entries.Count, "changed path")} written to {file}"] : []),
    ];

    private static ContainerTimeline Timeline(VerbCall call)
    {
        _ = Writer(call);
        var timeline = ContainerTimeline.Of(call.Node, call.Arguments.Required("--container"));
        return call.Arguments.Value("--out") is { } output
            ? timeline with { WrittenTo = VerbExports.WriteNew(call, output, Format(timeline, call)) }
            : timeline;
    }

    private static string Format(ContainerTimeline timeline, VerbCall call) => Writer(call)(timeline);

    private static Func<ContainerTimeline, string> Writer(VerbCall call) => call.Arguments.Required("--format") switch
    {
        "bodyfile" => t => t.Bodyfile(),
        "timesketch" => t => t.TimesketchJsonl(),
        var other => throw new VerbUsageException($"timeline: --format is bodyfile or timesketch, not '{other}'"),
    };
}
