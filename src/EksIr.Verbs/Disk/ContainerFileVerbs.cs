using EksIr.Core.Evidence;
using System.Globalization;
using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Logs;
using EksIr.Core.Reporting;
using EksIr.Reporting;

namespace EksIr.Verbs.Disk;

/// <summary>The disk phase's verbs over one container's contents: its log, a file's bytes, a copy of files out of the evidence.</summary>
public static class ContainerFileVerbs
{
    private static readonly VerbOption Root = VerbOption.NodeRoot();

    private static readonly VerbOption Node = VerbOption.NodeDisk();

    private static readonly VerbOption Container = new("--container", "container id, unique id prefix, or name") { FromCase = EksIr.Core.Cases.CaseEntityKind.Container };

    public static IReadOnlyList<VerbDeclaration> All { get; } =
    [
        new Verb<ContainerLogs>(
            "logs",
            "A container's log as it wrote it (CRI logs under var/log/pods, or Docker json-file or local), partial lines " +
            "joined, rotated and gzipped files included, in time order, each with the file it came from (rotated or current): " +
            "its last messages, or with --tail all every one (streamed on a command line, so that a multi-gigabyte log never sits in memory).",
            [Root, Node, Container, new VerbOption("--tail", "how many of the last messages to show, or all", Default: "200")],
            Logs,
            r => r.Summary, r => r.Problems,
            (r, _) => LogViews.Text(r.Lines),
            r => r.Lines.Select(LogViews.Json), "print a JSON array (time, file, stream, message, line; file as found in the evidence)",
            notes: r => !r.Streamed && r.Lines.Count < r.Total ? [$"the last {r.Lines.Count} of {r.Total} messages shown (--tail all shows every one)"] : [],
            writesOutput: (arguments, _) => arguments.Value("--tail") == "all"),
        new Verb<ContainerFile>(
            "cat",
            "A file of a container's merged filesystem as the container saw it (links resolved inside the container): the " +
            "layer it comes from, its SHA-256 and its content — byte for byte on a command line, a preview (a hex dump when " +
            "binary) in a notebook. A name that is not UTF-8 is given with \\xNN escapes, as diff shows it. Binary content is " +
            "not sent to a terminal (it would be taken as control sequences): give --out FILE, or --raw, or pipe it; to a " +
            "pipe or a file, and with --raw, the bytes are written unchanged.",
            [
                Root, Node, Container, new VerbOption("--path", "path inside the container", Required: true, Implicit: true, Placeholder: "PATH"),
                new VerbOption("--out", "write the bytes to this file instead (in the case folder unless absolute; never inside the evidence)", ValueName: "FILE"),
                VerbExports.Force,
                VerbOption.Flag("--raw", "write binary content to a terminal too"),
            ],
            Cat,
            r => $"{r.Path} ({r.Size} bytes, sha256 {r.Sha256}) from layer {r.Layer}", _ => [],
            (r, _) => r.Preview, // not printed: a command line prints the bytes themselves, or with --json the facts
            r => new { r.Container, r.Path, r.Layer, r.LayerPath, r.Mode, r.Size, r.Uid, r.Gid, r.Modified, r.Sha256, r.WrittenTo },
            "print the file's facts (container, path, layer, layerPath, mode, size, uid, gid, modified, sha256, writtenTo) instead of its bytes",
            notes: r => r.WrittenTo is { } file ? [$"{r.Path}: {Core.Reporting.Counted.Of(r.Size, "byte")} written to {file}"] : [],
            writesOutput: (_, json) => !json),
        new Verb<ContainerExport>(
            "export",
            "Copy a file or subtree of a container, as the container saw it, to DIR/files with DIR/manifest.json (original " +
            "mode, owner, times, layer, SHA-256 of each file). Exported files are never executable or setuid; links and " +
            "devices are recorded in the manifest, not created; nothing is overwritten; DIR may not be inside the evidence.",
            [
                Root,
                Node,
                Container,
                new VerbOption("--path", "path inside the container", Required: true, Implicit: true),
                new VerbOption("--out", "destination folder, new or empty (in the case folder unless absolute; default exports/<container>/<path>-<UTC time>)"),
            ],
            call =>
            {
                var container = call.Arguments.Required("--container");
                var path = call.Arguments.Required("--path");
                var destination = call.Arguments.Value("--out") ?? ContainerExport.DefaultFolder(container, path, call.Case?.Now ?? call.Clock.GetUtcNow());
                return ContainerExport.Run(call.Node, container, path, VerbExports.Folder(call, destination));
            },
            r => r.Summary, r => r.Problems,
            (r, _) => r.Summary + "\n",
            r => r.Entries, "print the manifest's entries as a JSON array"),
    ];

    private static ContainerLogs Logs(VerbCall call)
    {
        var tail = Tail(call);
        var root = call.Node;
        var container = call.Arguments.Required("--container");
        if (tail is not null || call.Output is not { } output)
        {
            return NodeLogs.Tail(root, container, tail, inTimeOrder: true);
        }

        var problems = new List<EvidenceProblem>();
        var (record, files, format) = NodeLogs.Locate(root, container, problems);
        long total = 0;
        var lines = LogTimeOrder.Sorted(NodeLogs.Read(root, files, format, problems)).Select(line =>
        {
            call.Cancellation.ThrowIfCancellationRequested();
            total++;
            return line;
        });
        if (output.Json)
        {
            using var bytes = output.OpenBytes();
            LogViews.WriteJson(lines, bytes, call.Cancellation);
        }
        else
        {
            foreach (var line in lines)
            {
                output.Text.WriteLine(LogViews.Text(line));
            }
        }

        return new ContainerLogs(record, [], total, files, problems) { Streamed = true };
    }

    /// <summary>The number of last messages asked for; null for all.</summary>
    private static int? Tail(VerbCall call)
    {
        var text = call.Arguments.Required("--tail");
        return text == "all" ? null
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : throw new VerbUsageException($"logs: --tail takes a number of messages or all, not '{text}'");
    }

    private static ContainerFile Cat(VerbCall call)
    {
        var (root, container, path) = (call.Node, call.Arguments.Required("--container"), call.Arguments.Required("--path"));
        if (call.Arguments.Value("--out") is { } file)
        {
            var (written, stream) = VerbExports.Create(call, file);
            using (stream)
            {
                return ContainerFile.Read(root, container, path, stream) with { WrittenTo = written };
            }
        }

        if (call.Output is not { } output || output.Json)
        {
            return ContainerFile.Read(root, container, path);
        }

        using var bytes = output.OpenBytes();
        if (!output.Terminal || call.Arguments.Flag("--raw"))
        {
            return ContainerFile.Read(root, container, path, bytes);
        }

        var guard = new TerminalGuard(bytes, written => $"cat: {path} is binary{(written > 0 ? $" after its first {Core.Reporting.Counted.Of(written, "byte")}, written above" : "")} " +
            "and stdout is a terminal, which would take it as control sequences; give --out FILE to write it to a file, or --raw to write it here anyway (or pipe it: | xxd)");
        var read = ContainerFile.Read(root, container, path, guard);
        guard.Finish();
        return read;
    }
}
