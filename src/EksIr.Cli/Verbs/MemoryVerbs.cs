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
        var dump = LimeDump.Read(root, path, new ProgressLine(console.Error, "read"));
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
        "A node's process tree from Volatility output (3: pslist, pstree, psaux as quick or pretty text, csv, json, jsonl;\n" +
        "2: pslist, pstree, psaux as text or --output=json — detected; other plugins' output is named and not read).\n" +
        "Given a folder, every process listing in it is merged by PID (names from pslist, command lines from psaux).\n" +
        "Each containerd-shim subtree is attributed to its pod sandbox and containers: from the node's containerd\n" +
        "metadata with --node (a node root folder or archive), else from memory alone; findings are flagged. UID and start\n" +
        "time columns come first when the listings have them (pslist). Output without parent PIDs (Volatility 2.3-2.5\n" +
        "linux_pslist, Volatility 2 linux_psaux) gives no tree: its processes are listed flat and a note says so.",
        ["FILE"],
        ScratchOptions.With(new Dictionary<string, string> { ["--node"] = "the same node's root (folder or .tar/.tar.gz) for container names, pods and images" }),
        new Dictionary<string, string> { ["--json"] = "print a JSON array in tree order (pid, ppid, comm, args, depth, uid, startTime, container {id, name, pod, image, kind, sandboxId, source}, flags)" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var (root, path) = EvidenceFile.Locate(args.Positional(0));
        var tree = ProcessTree.Of(root, path, args.Value("--node") is { } node ? ScratchOptions.OpenRoot(args, node) : null);
        if (args.Flag("--json"))
        {
            console.WriteJson(tree.Processes);
        }
        else
        {
            console.Out.Write(ProcessTreeViews.Text(tree));
        }

        console.Error.Write(ProcessTreeViews.NoteLines(tree));
        console.ReportProblems(tree.Problems);
        return Task.FromResult(0);
    }
}

/// <summary><c>eksir maps FILE [--pid PID] [--dump DUMP] [--json]</c></summary>
public sealed class MapsVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "maps",
        "maps FILE [--pid PID] [--dump DUMP] [--json]",
        "A process's memory map from Volatility 2 linux_proc_maps (text, --output=json) or Volatility 3 linux.proc.Maps output\n" +
        "(quick or pretty text, csv, json, jsonl),\n" +
        "regions worth dumping flagged (writable+executable, anonymous executable, from /tmp or /dev/shm, deleted, memfd),\n" +
        "with the Volatility 2 and 3 command lines that dump each region (DUMP names the memory image in them).",
        ["FILE"],
        new Dictionary<string, string> { ["--pid"] = "only this process", ["--dump"] = "the memory image's file name for the commands (default DUMP.lime)" },
        new Dictionary<string, string> { ["--json"] = "print a JSON array (pid, process, start, end, protection, pageOffset, major, minor, inode, path, flags, size)" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var (root, path) = EvidenceFile.Locate(args.Positional(0));
        int? pid = args.Value("--pid") is { } p ? int.TryParse(p, out var n) ? n : throw new CliException($"--pid: '{p}' is not a process id", usage: true) : null;
        var maps = Core.Memory.Volatility.ProcessMaps.Of(root, path, pid, args.Value("--dump") ?? "DUMP.lime");
        if (args.Flag("--json"))
        {
            console.WriteJson(maps.Regions);
        }
        else
        {
            console.Out.Write(TextTable.Render(MemoryViews.MapHeaders, MemoryViews.MapRows(maps)));
        }

        console.ReportProblems(maps.Problems);
        return Task.FromResult(0);
    }
}

/// <summary><c>eksir ioc FILE [--string S]… [--regex R]… [--json]</c></summary>
public sealed class IocVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "ioc",
        "ioc FILE [--string S]... [--regex R]... [--json]",
        "Scan a memory dump (LiME, or raw) for IPv4 addresses, URLs, domains, AWS access key ids and the given strings and\n" +
        "regular expressions (.NET syntax, over the bytes as Latin-1); each hit with its physical address.",
        ["FILE"],
        new Dictionary<string, string> { ["--string"] = "a literal to find (repeatable)", ["--regex"] = "a regular expression to find (repeatable)" },
        new Dictionary<string, string> { ["--json"] = "print an object (values[{kind, value, count, firstAddress}], hits[{kind, value, physicalAddress, fileOffset}], bytesScanned)" },
        Repeatable: new HashSet<string> { "--string", "--regex" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var (root, path) = EvidenceFile.Locate(args.Positional(0));
        var scan = Core.Memory.IocScan.Run(root, path, args.All("--string"), args.All("--regex"),
            progress: new ProgressLine(console.Error, "scanned"));
        if (args.Flag("--json"))
        {
            console.WriteJson(new { scan.File, scan.BytesScanned, scan.Values, scan.Hits, scan.HitsNotKept });
        }
        else
        {
            console.Out.Write(TextTable.Render(MemoryViews.IocValueHeaders, MemoryViews.IocValueRows(scan)));
        }

        console.ReportProblems(scan.Problems);
        return Task.FromResult(0);
    }
}
