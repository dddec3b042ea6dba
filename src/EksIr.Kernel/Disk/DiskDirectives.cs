using EksIr.Core.Containers;
using EksIr.Core.Containers.Logs;
using EksIr.Core.Containers.Timeline;
using EksIr.Core.Reporting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel.Disk;

/// <summary>The disk phase's magic commands (same verbs and options as eksir).</summary>
public static class DiskDirectives
{
    private static KernelDirectiveParameter RootParameter() =>
        new("--root", "The node's root inside the case evidence (holds var/lib/containerd, var/lib/docker); default: the evidence root");

    public static void Register(CompositeKernel kernel, CurrentCase current)
    {
        var status = new KernelActionDirective("#!status")
        {
            Description = "Which container engines the node ran, their versions and storage drivers, and how many containers and images",
            Parameters = { RootParameter() },
        };
        kernel.AddDirective(status, CaseVerb.Handler<ShowNodeStatus>(current, "status",
            c => JournalOptions.Of(("--root", c.Root)),
            (c, session) => NodeStatus.Of(CaseVerb.NodeRoot(session, c.Root)),
            r => StatusViews.Summary((NodeStatus)r)));

        var containers = new KernelActionDirective("#!containers")
        {
            Description = "List every container on the node's disk, with pod, kind, image and times",
            Parameters = { RootParameter() },
        };
        kernel.AddDirective(containers, CaseVerb.Handler<ListContainers>(current, "containers",
            c => JournalOptions.Of(("--root", c.Root)),
            (c, session) => NodeContainers.List(CaseVerb.NodeRoot(session, c.Root)),
            r => ContainerViews.Summary((ContainerListing)r)));

        var images = new KernelActionDirective("#!images")
        {
            Description = "List every image on the node's disk, flagging images built here and images no container uses",
            Parameters = { RootParameter() },
        };
        kernel.AddDirective(images, CaseVerb.Handler<ListImages>(current, "images",
            c => JournalOptions.Of(("--root", c.Root)),
            (c, session) => NodeImages.List(CaseVerb.NodeRoot(session, c.Root)),
            r => ImageViews.Summary((ImageListing)r)));

        var history = new KernelActionDirective("#!history")
        {
            Description = "An image's build steps, flagging download-and-execute, setuid and base64 blobs",
            Parameters = { RootParameter(), new KernelDirectiveParameter("--image", "Image name (repo:tag) or id prefix") { Required = true } },
        };
        kernel.AddDirective(history, CaseVerb.Handler<ShowImageHistory>(current, "history",
            c => JournalOptions.Of(("--root", c.Root), ("--image", c.Image)),
            (c, session) => NodeImages.History(CaseVerb.NodeRoot(session, c.Root), c.Image!),
            r => ImageViews.Summary((ImageHistory)r)));

        var logs = new KernelActionDirective("#!logs")
        {
            Description = "A container's log (CRI or Docker json-file), partial lines joined, rotated files included",
            Parameters = { RootParameter(), ContainerParameter(), new KernelDirectiveParameter("--tail", "How many of the last messages to show (default 200)") },
        };
        kernel.AddDirective(logs, CaseVerb.Handler<ShowContainerLogs>(current, "logs",
            c => JournalOptions.Of(("--root", c.Root), ("--container", c.Container), ("--tail", c.Tail?.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            (c, session) => NodeLogs.Tail(CaseVerb.NodeRoot(session, c.Root), c.Container!, c.Tail ?? 200),
            r => ((ContainerLogs)r).Summary));

        var timeline = new KernelActionDirective("#!timeline")
        {
            Description = "MAC(B) times of a container's added, changed and deleted paths; --out writes a bodyfile or Timesketch JSONL",
            Parameters =
            {
                RootParameter(),
                ContainerParameter(),
                new KernelDirectiveParameter("--format", "bodyfile (default) or timesketch, with --out"),
                new KernelDirectiveParameter("--out", "Export file (in the case folder unless absolute; never inside the evidence)"),
            },
        };
        kernel.AddDirective(timeline, CaseVerb.Handler<ShowContainerTimeline>(current, "timeline",
            c => JournalOptions.Of(("--root", c.Root), ("--container", c.Container), ("--format", c.Format), ("--out", c.Out)),
            Timeline,
            r => $"{((ContainerTimeline)r).Entries.Count} changed paths of {((ContainerTimeline)r).Container.Name}"));

        var diff = new KernelActionDirective("#!diff")
        {
            Description = "A container's filesystem changes against its image (docker diff: A added, C changed, D deleted)",
            Parameters =
            {
                RootParameter(),
                ContainerParameter(),
                new KernelDirectiveParameter("--runtime-made", "Also the empty mount points the runtime made (/proc, /dev, /etc/hosts, …), marked") { Flag = true },
            },
        };
        kernel.AddDirective(diff, CaseVerb.Handler<DiffContainer>(current, "diff",
            c => JournalOptions.Of(("--root", c.Root), ("--container", c.Container), ("--runtime-made", c.RuntimeMade ? "true" : null)),
            (c, session) => ContainerDiff.Of(CaseVerb.NodeRoot(session, c.Root), c.Container!, c.RuntimeMade),
            r => ((ContainerDiff)r).Summary));

        var cat = new KernelActionDirective("#!cat")
        {
            Description = "Show a file as the container saw it: provenance layer, SHA-256 and content (hex dump when binary)",
            Parameters =
            {
                RootParameter(),
                ContainerParameter(),
                new KernelDirectiveParameter("--path", "Path inside the container") { Required = true, AllowImplicitName = true },
            },
        };
        kernel.AddDirective(cat, CaseVerb.Handler<CatContainerFile>(current, "cat",
            c => JournalOptions.Of(("--root", c.Root), ("--container", c.Container), ("--path", c.Path)),
            (c, session) => ContainerFile.Read(CaseVerb.NodeRoot(session, c.Root), c.Container!, c.Path!),
            r => r is ContainerFile f ? $"{f.Path} ({f.Size} bytes, sha256 {f.Sha256}) from layer {f.Layer}" : ""));

        RegisterFiles(kernel, current);
    }

    private static void RegisterFiles(CompositeKernel kernel, CurrentCase current)
    {
        var layers = new KernelActionDirective("#!layers")
        {
            Description = "A container's overlay stack: its own layer, then the image's, with the engine's names, directories and sizes",
            Parameters = { RootParameter(), ContainerParameter() },
        };
        kernel.AddDirective(layers, CaseVerb.Handler<ShowContainerLayers>(current, "layers",
            c => JournalOptions.Of(("--root", c.Root), ("--container", c.Container)),
            (c, session) => ContainerLayers.Of(CaseVerb.NodeRoot(session, c.Root), c.Container!),
            r => ((ContainerLayers)r).Summary));

        var ls = new KernelActionDirective("#!ls")
        {
            Description = "List a directory (or, with --recursive, a subtree) of a container as it saw it: provenance layer, A/C/D, SHA-256 with --hash",
            Parameters =
            {
                RootParameter(),
                ContainerParameter(),
                new KernelDirectiveParameter("--path", "Path inside the container (default /)") { AllowImplicitName = true },
                new KernelDirectiveParameter("--recursive", "The whole subtree") { Flag = true },
                new KernelDirectiveParameter("--hash", "SHA-256 of every file listed") { Flag = true },
            },
        };
        kernel.AddDirective(ls, CaseVerb.Handler<ListContainerFiles>(current, "ls",
            c => JournalOptions.Of(("--root", c.Root), ("--container", c.Container), ("--path", c.Path), ("--recursive", c.Recursive ? "true" : null), ("--hash", c.Hash ? "true" : null)),
            (c, session) => ContainerFileListing.Of(CaseVerb.NodeRoot(session, c.Root), c.Container!, c.Path ?? "/", c.Recursive, c.Hash),
            r => ((ContainerFileListing)r).Summary));

        var export = new KernelActionDirective("#!export")
        {
            Description = "Copy a file or subtree of a container out of the evidence (never executable; links and devices recorded), with a SHA-256 manifest",
            Parameters =
            {
                RootParameter(),
                ContainerParameter(),
                new KernelDirectiveParameter("--path", "Path inside the container") { Required = true, AllowImplicitName = true },
                new KernelDirectiveParameter("--out", "Destination folder (in the case folder unless absolute; default exports/<container><path>)"),
            },
        };
        kernel.AddDirective(export, CaseVerb.Handler<ExportContainerFiles>(current, "export",
            c => JournalOptions.Of(("--root", c.Root), ("--container", c.Container), ("--path", c.Path), ("--out", c.Out)),
            (c, session) => ContainerExport.Run(CaseVerb.NodeRoot(session, c.Root), c.Container!, c.Path!,
                session.CaseFolderPath(c.Out ?? ContainerExport.DefaultFolder(c.Container!, c.Path!, session.Now))),
            r => ((ContainerExport)r).Summary));
    }

    private static object Timeline(ShowContainerTimeline c, EksIr.Core.Cases.CaseSession session)
    {
        var timeline = ContainerTimeline.Of(CaseVerb.NodeRoot(session, c.Root), c.Container!);
        if (c.Out is { } output)
        {
            var text = (c.Format ?? "bodyfile") switch
            {
                "bodyfile" => timeline.Bodyfile(),
                "timesketch" => timeline.TimesketchJsonl(),
                var other => throw new EksIr.Core.Cases.CaseException($"--format is bodyfile or timesketch, not '{other}'"),
            };
            session.WriteExport(output, text);
        }

        return timeline;
    }

    private static KernelDirectiveParameter ContainerParameter() =>
        new("--container", "Container id, unique id prefix, or name") { Required = true };

}
