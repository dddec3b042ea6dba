using EksIr.Core.Memory;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel.Memory;

/// <summary>The memory phase's magic commands (same verbs and options as eksir).</summary>
public static class MemoryDirectives
{
    public static void Register(CompositeKernel kernel, CurrentCase current)
    {
        var lime = new KernelActionDirective("#!lime")
        {
            Description = "A LiME memory dump's range map, checked, with its SHA-256 against the digest= sidecar",
            Parameters = { new KernelDirectiveParameter("--file", "The dump inside the case evidence") { Required = true, AllowImplicitName = true } },
        };
        kernel.AddDirective(lime, CaseVerb.Handler<ShowLimeDump>(current, "lime",
            c => JournalOptions.Of(("--file", c.File)),
            (c, session) => LimeDump.Read(session.Evidence, CaseVerb.EvidencePath(session, c.File!)),
            r => ((LimeDump)r).Summary));

        var pstree = new KernelActionDirective("#!pstree")
        {
            Description = "The process tree from Volatility output (a file, or a folder of pslist/pstree/psaux), pods attributed, findings flagged",
            Parameters =
            {
                new KernelDirectiveParameter("--file", "A Volatility output file, or a folder of them, inside the case evidence") { Required = true, AllowImplicitName = true },
                new KernelDirectiveParameter("--node", "The same node's root (folder or archive) inside the case evidence, for pods, container names and images"),
            },
        };
        kernel.AddDirective(pstree, CaseVerb.Handler<ShowProcessTree>(current, "pstree",
            c => JournalOptions.Of(("--file", c.File), ("--node", c.Node)),
            (c, session) => ProcessTree.Of(session.Evidence, CaseVerb.EvidencePath(session, c.File!), c.Node is null ? null : CaseVerb.NodeRoot(session, c.Node)),
            r => ((ProcessTree)r).Summary));

        var maps = new KernelActionDirective("#!maps")
        {
            Description = "A process's memory map from linux_proc_maps / linux.proc.Maps output, regions worth dumping flagged, with the dump commands",
            Parameters =
            {
                new KernelDirectiveParameter("--file", "The maps output inside the case evidence") { Required = true, AllowImplicitName = true },
                new KernelDirectiveParameter("--pid", "Only this process"),
                new KernelDirectiveParameter("--dump", "The memory image's file name for the dump commands (default DUMP.lime)"),
            },
        };
        kernel.AddDirective(maps, CaseVerb.Handler<ShowProcessMaps>(current, "maps",
            c => JournalOptions.Of(("--file", c.File), ("--pid", c.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("--dump", c.Dump)),
            (c, session) => Core.Memory.Volatility.ProcessMaps.Of(session.Evidence, CaseVerb.EvidencePath(session, c.File!), c.Pid, c.Dump ?? "DUMP.lime"),
            r => ((Core.Memory.Volatility.ProcessMaps)r).Summary));

        var ioc = new KernelActionDirective("#!ioc")
        {
            Description = "Scan a memory dump for IPv4 addresses, URLs, domains, AWS access key ids and your strings/regexes, with physical addresses",
            Parameters =
            {
                new KernelDirectiveParameter("--file", "The dump inside the case evidence") { Required = true, AllowImplicitName = true },
                new KernelDirectiveParameter("--string", "A literal to find"),
                new KernelDirectiveParameter("--regex", "A regular expression to find (several: one regex with |)"),
            },
        };
        kernel.AddDirective(ioc, CaseVerb.Handler<ScanMemoryForIocs>(current, "ioc",
            c => JournalOptions.Of(("--file", c.File), ("--string", c.String), ("--regex", c.Regex)),
            (c, session) => IocScan.Run(session.Evidence, CaseVerb.EvidencePath(session, c.File!), c.String is { } s ? [s] : null, c.Regex is { } r ? [r] : null),
            r => ((IocScan)r).Summary));
    }
}
