using EksIr.Memory;
using EksIr.Memory.Volatility;
using EksIr.Core.Reporting;
using EksIr.Reporting;

namespace EksIr.Verbs.Memory;

/// <summary>The memory phase's verbs over a memory dump or Volatility's output: the dump's range map, the process tree, a process's memory map, IOCs.</summary>
public static class MemoryVerbs
{
    private static VerbOption File(string help) => new("--file", help, Required: true, Implicit: true, Evidence: true, Placeholder: "FILE");

    private static readonly VerbOption Dump = File("the memory dump (LiME, or raw) inside the case evidence");

    public static IReadOnlyList<VerbDeclaration> All { get; } =
    [
        new Verb<LimeDump>(
            "lime",
            "The range map of a LiME (or AVML) memory dump, checked (magic, order, overlaps, cut-off ranges), with its SHA-256 " +
            "and the check against a digest= sidecar (FILE.sha256, .sha1, .md5) when there is one. A file without LiME " +
            "headers is taken as a raw or padded dump, with a note.",
            [Dump],
            call =>
            {
                var (root, path) = call.File("--file");
                return LimeDump.Read(root, path, new ByteProgress(call.Progress, "read", call.Cancellation));
            },
            r => r.Summary, r => r.Problems,
            (r, _) => TextTable.Render(CaseViews.FieldHeaders, LimeViews.Facts(r)) + "\n" + TextTable.Render(LimeViews.Headers, LimeViews.Rows(r)),
            r => r, "print an object (ranges[{start, end, offset, size}], totalBytes, sha256, digest, problems)"),
        new Verb<ProcessTree>(
            "pstree",
            "A node's process tree from Volatility output (3: pslist, pstree, psaux as quick or pretty text, csv, json, jsonl; " +
            "2: pslist, pstree, psaux as text or --output=json — detected; other plugins' output is named and not read). " +
            "Given a folder, every process listing in it is merged by PID (names from pslist, command lines from psaux). " +
            "Each containerd-shim subtree is attributed to its pod sandbox and containers: from the node's containerd " +
            "metadata with --node, else from memory alone; findings are flagged. UID and start time columns come first when " +
            "the listings have them (pslist). Output without parent PIDs (Volatility 2.3-2.5 linux_pslist, Volatility 2 " +
            "linux_psaux) gives no tree: its processes are listed flat and a note says so.",
            [
                File("a Volatility output file, or a folder of them, inside the case evidence"),
                new VerbOption("--node", "the same node's root (folder or .tar/.tar.gz) inside the case evidence, or in a case its name under node/ (the archive's name without .tar.gz), for pods, container names and images", Evidence: true, Archive: true),
            ],
            call =>
            {
                var (root, path) = call.File("--file");
                return ProcessTree.Of(root, path, call.Arguments.Value("--node") is { } node ? NamedNode(call, node) : null);
            },
            r => r.Summary, r => r.Problems,
            (r, _) => ProcessTreeViews.Text(r),
            r => r.Processes,
            "print a JSON array in tree order (pid, ppid, comm, args, depth, uid, startTime, container {id, name, pod, image, kind, sandboxId, source}, flags)",
            notes: r => r.Notes.Select(n => $"note: {TerminalText.Escape(n)}")),
        new Verb<ProcessMaps>(
            "maps",
            "A process's memory map from Volatility 2 linux_proc_maps (text, --output=json) or Volatility 3 linux.proc.Maps " +
            "output (quick or pretty text, csv, json, jsonl), regions worth dumping flagged (writable+executable, anonymous " +
            "executable, from /tmp or /dev/shm, deleted, memfd), with the Volatility 2 and 3 command lines that dump each region.",
            [
                File("the maps output inside the case evidence"),
                new VerbOption("--pid", "only this process"),
                new VerbOption("--dump", "the memory image's file name in the dump commands", Default: "DUMP.lime"),
            ],
            call =>
            {
                var (root, path) = call.File("--file");
                return ProcessMaps.Of(root, path, call.Arguments.Int("--pid"), call.Arguments.Required("--dump"));
            },
            r => r.Summary, r => r.Problems,
            (r, _) => TextTable.Render(MemoryViews.MapHeaders, MemoryViews.MapRows(r)),
            r => r.Regions, "print a JSON array (pid, process, start, end, protection, pageOffset, major, minor, inode, path, flags, size)"),
        new Verb<IocScan>(
            "ioc",
            "Scan a memory dump (LiME, or raw) for IPv4 addresses, URLs, domains, AWS access key ids and the given strings and " +
            "regular expressions (.NET syntax, over the bytes as Latin-1); each hit with its physical address.",
            [
                Dump,
                // Repeated, not comma-separated: a literal (a user agent) or a regular expression ({1,3}) may hold a comma.
                VerbOption.Repeated("--string", "a literal to find, commas and all (several: the option repeated on a command line, a JSON array [\"a\", \"b\"] in a cell)"),
                VerbOption.Repeated("--regex", "a regular expression to find, commas and all (several: the option repeated on a command line, a JSON array [\"a\", \"b\"] in a cell)"),
            ],
            call =>
            {
                var (root, path) = call.File("--file");
                return IocScan.Run(root, path, call.Arguments.List("--string"), call.Arguments.List("--regex"), progress: new ByteProgress(call.Progress, "scanned", call.Cancellation));
            },
            r => r.Summary, r => r.Problems,
            (r, _) => TextTable.Render(MemoryViews.IocValueHeaders, MemoryViews.IocValueRows(r)),
            r => new { r.File, r.BytesScanned, r.Values, r.Hits, r.HitsNotKept },
            "print an object (values[{kind, value, count, firstAddress}], hits[{kind, value, physicalAddress, fileOffset}], bytesScanned)"),
    ];

    /// <summary>The node --node names: a path inside the evidence, or, in a case, a node's name under its node/ (said in the outcome).</summary>
    private static Core.Evidence.EvidenceRoot NamedNode(VerbCall call, string node)
    {
        try
        {
            return call.NodeRoot("--node");
        }
        catch (Exception e) when (call.Case is { } session && e is Core.Evidence.EvidenceAccessException or Core.Cases.CaseException)
        {
            var picked = Core.Evidence.NodeDisks.Pick(session.Evidence, node) ?? throw new Core.Evidence.EvidenceAccessException(node, "no such node disk in the case's evidence");
            call.NodeRead.Path = picked;
            return session.Evidence.Subroot(picked);
        }
    }
}
