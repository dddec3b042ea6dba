using EksIr.Core.Containers;
using EksIr.Core.Containers.Logs;
using EksIr.Core.Containers.Timeline;
using EksIr.Core.Reporting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel.Disk;

/// <summary>
/// The disk phase's magic commands not yet declared in EksIr.Verbs (logs, cat, export); the others (status, containers,
/// images, history, diff, layers, ls, timeline) are registered from their declarations by <see cref="Verbs.DeclaredDirectives"/>.
/// </summary>
public static class DiskDirectives
{
    private static KernelDirectiveParameter RootParameter() =>
        new("--root", "The node's root inside the case evidence (holds var/lib/containerd, var/lib/docker); default: the evidence root");

    public static void Register(CompositeKernel kernel, CurrentCase current)
    {
        var logs = new KernelActionDirective("#!logs")
        {
            Description = "A container's log (CRI or Docker json-file), partial lines joined, rotated files included",
            Parameters = { RootParameter(), ContainerParameter(), new KernelDirectiveParameter("--tail", "How many of the last messages to show (default 200)") },
        };
        kernel.AddDirective(logs, CaseVerb.Handler<ShowContainerLogs>(current, "logs",
            c => JournalOptions.Of(("--root", c.Root), ("--container", c.Container), ("--tail", c.Tail?.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            (c, session) => NodeLogs.Tail(CaseVerb.NodeRoot(session, c.Root), c.Container!, c.Tail ?? 200),
            r => ((ContainerLogs)r).Summary));

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

    private static KernelDirectiveParameter ContainerParameter() =>
        new("--container", "Container id, unique id prefix, or name") { Required = true };

}
