using EksIr.Cli.CommandLine;
using EksIr.Core.Evidence;
using EksIr.Core.Memory;
using EksIr.Core.Reporting;

namespace EksIr.Cli.Verbs;

/// <summary><c>eksir lime FILE [--json]</c></summary>
public sealed class LimeVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "lime",
        "lime FILE [--json]",
        "The range map of a LiME (or AVML) memory dump, checked (magic, order, overlaps, cut-off ranges), with its SHA-256\n" +
        "and the check against a digest= sidecar (FILE.sha256, .sha1, .md5) when there is one. A file without LiME\n" +
        "headers is taken as a raw or padded dump, with a note.",
        ["FILE"],
        new Dictionary<string, string>(),
        new Dictionary<string, string> { ["--json"] = "print an object (ranges[{start, end, offset, size}], totalBytes, sha256, digest, problems)" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var (root, path) = EvidenceFile.Locate(args.Positional(0));
        var dump = LimeDump.Read(root, path, new Progress<long>(n => console.Error.WriteLine($"read {ByteSize.Format(n)}")));
        if (args.Flag("--json"))
        {
            console.WriteJson(dump);
        }
        else
        {
            console.Out.Write(TextTable.Render(CaseViews.FieldHeaders, LimeViews.Facts(dump)));
            console.Out.WriteLine();
            console.Out.Write(TextTable.Render(LimeViews.Headers, LimeViews.Rows(dump)));
        }

        console.ReportProblems(dump.Problems);
        return Task.FromResult(0);
    }
}

/// <summary><c>eksir pstree FILE|DIR [--node ROOT] [--json]</c></summary>
public sealed class PstreeVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "pstree",
        "pstree FILE|DIR [--node ROOT] [--json]",
        "A node's process tree from Volatility output (2 or 3: pslist, pstree, psaux; text, csv, json, jsonl — detected).\n" +
        "Given a folder, every process listing in it is merged by PID (names from pslist, command lines from psaux).\n" +
        "Each containerd-shim subtree is attributed to its pod sandbox and containers: from the node's containerd\n" +
        "metadata with --node (a node root folder or archive), else from memory alone; findings are flagged.",
        ["FILE"],
        new Dictionary<string, string> { ["--node"] = "the same node's root (folder or .tar/.tar.gz) for container names, pods and images" },
        new Dictionary<string, string> { ["--json"] = "print a JSON array in tree order (pid, ppid, comm, args, depth, uid, startTime, container {id, name, pod, image, kind, sandboxId, source}, flags)" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var (root, path) = EvidenceFile.Locate(args.Positional(0));
        var tree = ProcessTree.Of(root, path, args.Value("--node") is { } node ? EvidenceRoot.Open(node) : null);
        if (args.Flag("--json"))
        {
            console.WriteJson(tree.Processes);
        }
        else
        {
            console.Out.Write(ProcessTreeViews.Text(tree));
        }

        console.ReportProblems(tree.Problems);
        return Task.FromResult(0);
    }
}
