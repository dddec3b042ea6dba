using System.Text.RegularExpressions;

namespace EksIr.Memory;

/// <summary>What an analyst should look at twice in a process tree of a Kubernetes node.</summary>
internal static partial class ProcessFlags
{
    private static readonly HashSet<string> ShellsAndInterpreters = new(StringComparer.Ordinal)
    {
        "sh", "bash", "dash", "ash", "zsh", "ksh", "csh", "tcsh", "fish", "busybox", "python", "python2", "python3", "perl", "ruby", "php",
        "node", "lua", "nc", "ncat", "netcat", "socat", "telnet", "curl", "wget",
    };

    /// <summary>Services a node starts under PID 1 itself (systemd units of an EKS AMI, Bottlerocket and Debian).</summary>
    private static readonly HashSet<string> NodeServices = new(StringComparer.Ordinal)
    {
        "systemd", "systemd-journal", "systemd-udevd", "systemd-logind", "systemd-network", "systemd-resolve", "systemd-timesyn", "dbus-daemon",
        "containerd", "dockerd", "kubelet", "sshd", "agetty", "crond", "cron", "rsyslogd", "chronyd", "auditd", "irqbalance", "atd", "acpid",
        "polkitd", "amazon-ssm-agen", "ssm-agent-worke", "gssproxy", "rpcbind", "lvmetad", "dhclient", "networkd-dispat", "udisksd", "avahi-daemon",
        "apiserver", "host-ctr", "init", "gdm3", "snapd", "unattended-upgr", "multipathd", "login",
    };

    [GeneratedRegex(@"^(kworker|ksoftirqd|kthreadd|migration|rcu_|kswapd|watchdog|jbd2|irq/|kcompactd|khugepaged|kauditd|cpuhp|idle_inject|ksmd|oom_reaper|writeback|kblockd|scsi_)")]
    private static partial Regex KernelThreadName();

    [GeneratedRegex(@"(^|\s)(/tmp|/dev/shm|/var/tmp|/run/shm)/")]
    private static partial Regex TemporaryFolder();

    public static IReadOnlyList<string> Of(MergedProcess p, ProcessContainer? container, Dictionary<int, MergedProcess> all,
        Attribution attribution, HashSet<int> underKthreadd, bool duplicate)
    {
        var flags = new List<string>();
        var shim = p.Ppid is { } ppid && all.TryGetValue(ppid, out var parent) && ContainerAttribution.IsShim(parent);
        if (duplicate)
        {
            flags.Add("duplicate PID in one listing");
        }

        // A container's entrypoint, and what its "sh -c CMD" started for CMD, are the container's own work; a shell
        // exec'd into the container, or anything else, is not.
        if (container is { Kind: "container" } && !attribution.MainProcesses.Contains(p.Pid) && !attribution.EntrypointWork.Contains(p.Pid))
        {
            if (ShellsAndInterpreters.Contains(p.Comm))
            {
                flags.Add(shim ? "shell or interpreter started in the container (exec?)" : "shell or interpreter in the container");
            }

            var entry = container.Id is { } id ? EntrypointComm(id, attribution, all) : null;
            if (entry is not null && p.Comm != entry)
            {
                flags.Add($"not the container's entrypoint ({entry})");
            }
        }

        if (p.Args is { } commandLine && TemporaryFolder().IsMatch(commandLine))
        {
            flags.Add("runs from a temporary folder (/tmp, /dev/shm, /var/tmp)");
        }

        if (p.Ppid == 1 && !ContainerAttribution.IsShim(p) && !NodeServices.Contains(p.Comm) && container is null)
        {
            flags.Add("child of PID 1 that is no node service: reparented, or started by hand?");
        }

        // Whether a process descends from kthreadd needs its parent: without one (a listing with no parent PIDs) neither is said.
        if (underKthreadd.Contains(p.Pid) && p.Args is { } args && !(args.StartsWith('[') && args.EndsWith(']')))
        {
            flags.Add("kernel thread with a user-space command line");
        }
        else if (p.Ppid is not null && !underKthreadd.Contains(p.Pid) && p.Pid != 2 && KernelThreadName().IsMatch(p.Comm) && (p.Args is null || !p.Args.StartsWith('[')))
        {
            flags.Add("user-space process named like a kernel thread");
        }

        return flags;
    }

    /// <summary>The comm of a container's own main process, when the node's metadata identified it.</summary>
    private static string? EntrypointComm(string containerId, Attribution attribution, Dictionary<int, MergedProcess> all) =>
        attribution.MainProcesses.Where(pid => attribution.Containers.TryGetValue(pid, out var c) && c.Id == containerId).Select(pid => all[pid].Comm).FirstOrDefault();

    /// <summary>
    /// The processes with kthreadd (PID 2) among their ancestors, each parent chain walked once: a process's answer is
    /// its parent's (or "yes" when the parent is PID 2), so a chain of thousands costs time linear in its length.
    /// </summary>
    public static HashSet<int> UnderKthreadd(Dictionary<int, MergedProcess> all)
    {
        var known = new Dictionary<int, bool>();
        var chain = new List<int>();
        var inChain = new HashSet<int>();
        foreach (var start in all.Values)
        {
            chain.Clear();
            inChain.Clear();
            var answer = false;
            for (var current = start; ; )
            {
                if (known.TryGetValue(current.Pid, out answer))
                {
                    break;
                }

                chain.Add(current.Pid);
                inChain.Add(current.Pid);
                if (current.Ppid is not { } ppid || !all.TryGetValue(ppid, out var parent))
                {
                    answer = false;
                    break;
                }

                if (ppid == 2)
                {
                    answer = true;
                    break;
                }

                if (inChain.Contains(ppid))
                {
                    answer = false; // a parent loop without kthreadd in it
                    break;
                }

                current = parent;
            }

            foreach (var pid in chain)
            {
                known[pid] = answer;
            }
        }

        return known.Where(k => k.Value).Select(k => k.Key).ToHashSet();
    }
}
