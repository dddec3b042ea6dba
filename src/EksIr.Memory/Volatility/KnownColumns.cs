using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Memory.Volatility;

/// <summary>
/// The columns each Volatility plugin prints, from its source: Volatility 3 (volatility3/framework/plugins/linux/*.py,
/// at a1961401 = 2.11.0; pslist's UID, GID, EUID, EGID and CREATION TIME columns from 2.18 on; linux.pidhashtable's
/// OFFSET, PID, TID, PPID, COMM is a process list too) and Volatility 2's
/// unified_output (volatility/plugins/linux/*.py at the tag 2.6.1). A column outside these is said, never dropped unsaid.
/// </summary>
internal static class KnownColumns
{
    public static readonly HashSet<string> Vol3Process = new(StringComparer.Ordinal)
    {
        "TreeDepth", "OFFSET (V)", "OFFSET", "PID", "TID", "PPID", "COMM", "UID", "GID", "EUID", "EGID", "CREATION TIME", "File output", "ARGS", "__children",
    };

    public static readonly HashSet<string> Vol3Maps = new(StringComparer.Ordinal)
    {
        "TreeDepth", "PID", "Process", "Start", "End", "Flags", "PgOff", "Major", "Minor", "Inode", "File Path", "File output", "__children",
    };

    public static readonly string[] Vol2Pslist = ["Offset", "Name", "Pid", "Uid", "Gid", "DTB", "StartTime"];

    public static readonly string[] Vol2Pstree = ["Offset", "Name", "Level", "Pid", "Ppid", "Uid", "Gid", "Euid"];

    public static readonly string[] Vol2Psaux = ["Arguments", "Pid", "Uid", "Gid"];

    public static readonly string[] Vol2ProcMaps = ["Offset", "Pid", "Name", "Start", "End", "Flags", "Pgoff", "Major", "Minor", "Inode", "Path"];

    /// <summary>One problem naming every column of <paramref name="columns"/> that <paramref name="known"/> does not hold.</summary>
    public static void Report(IEnumerable<string> columns, ISet<string> known, string plugin, string file, string where, List<EvidenceProblem> problems)
    {
        var unknown = columns.Select(c => c.Trim()).Where(c => c.Length > 0 && !known.Contains(c)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            problems.Add(new EvidenceProblem(file, where,
                $"{(unknown.Count == 1 ? "column" : "columns")} {string.Join(", ", unknown.Select(c => $"'{c}'"))} not among those {plugin} prints; {(unknown.Count == 1 ? "its" : "their")} values are not read"));
        }
    }

    /// <summary>
    /// The Volatility plugin whose output has these column names when it is not a process listing (environment
    /// variables, whose rows repeat each process; psscan's scanned tasks, exited ones too; shell history, open files,
    /// sockets, memory maps, mapped ELF files, malfind, capabilities, ptrace, libraries, mounts), or null.
    /// </summary>
    public static string? OtherPlugin(IReadOnlyCollection<string> columns)
    {
        bool Has(params string[] names) => names.All(n => columns.Contains(n, StringComparer.Ordinal));
        return Has("PID", "PPID", "COMM", "KEY", "VALUE") ? "Volatility 3 linux.envars.Envars (environment variables)"
            : Has("OFFSET (P)", "PID", "EXIT_STATE") ? "Volatility 3 linux.psscan.PsScan (task structures found by scanning, exited ones too)"
            : Has("PID", "Process", "CommandTime", "Command") ? "Volatility 3 linux.bash.Bash (shell history)"
            : Has("Pid", "Name", "CommandTime", "Command") ? "Volatility 2 linux_bash (shell history)"
            : Has("PID", "Process", "FD", "Path") ? "Volatility 3 linux.lsof.Lsof (open files)"
            : Has("PID", "Process Name", "Source Addr", "Destination Addr") ? "Volatility 3 linux.sockstat.Sockstat (sockets)"
            : Has("PID", "Process", "Start", "End", "Flags") ? "Volatility 3 linux.proc.Maps (memory maps: read them with the maps verb)"
            : Has("Pid", "Name", "Start", "End", "Flags") ? "Volatility 2 linux_proc_maps (memory maps: read them with the maps verb)"
            : Has("PID", "Process", "Start", "End", "File Path") ? "Volatility 3 linux.elfs.Elfs (mapped ELF files)"
            : Has("PID", "Process", "Start", "End", "Protection") ? "Volatility 3 linux.malfind.Malfind (suspicious memory regions)"
            : Has("Pid", "PPid", "cap_effective") ? "Volatility 3 linux.capabilities.Capabilities (process capabilities)"
            : Has("PID", "Tracer TID", "Tracee TID") ? "Volatility 3 linux.ptrace.Ptrace (traced processes)"
            : Has("Name", "Pid", "LoadAddress", "Path") ? "Volatility 3 linux.library_list.LibraryList (loaded libraries)"
            : Has("MNT_NS_ID", "PID") ? "Volatility 3 linux.mountinfo.MountInfo (mounts)"
            : null;
    }
}
