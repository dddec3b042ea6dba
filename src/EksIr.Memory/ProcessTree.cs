using EksIr.Core.Reporting;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Memory.Volatility;

namespace EksIr.Memory;

/// <summary>
/// The <c>pstree</c> verb: the process listings an analyst has (pslist, pstree, psaux in any renderer) merged by
/// PID — names from pslist/pstree, full command lines from psaux — into one tree; each containerd-shim subtree
/// attributed to its pod sandbox and containers (from the node's containerd metadata when a node root is given,
/// else from what memory shows), and findings flagged. When no listing has parent PIDs (Volatility 2.3-2.5 linux_pslist,
/// Volatility 2 linux_psaux) there is no tree: the processes are listed flat and <see cref="Notes"/> says so.
/// </summary>
public sealed record ProcessTree(IReadOnlyList<ProcessEntry> Processes, IReadOnlyList<string> Sources, IReadOnlyList<EvidenceProblem> Problems)
{
    /// <summary>What the listings could not give (parent PIDs), each "file: note", and whether the tree is one.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>True when no process has a parent PID: the list is flat, not a tree.</summary>
    public bool Flat => Processes.Count > 0 && Processes.All(p => p.Ppid is null);

    /// <summary>Whether any process has a UID, or a start time: the views show those columns only then.</summary>
    public bool HasUids => Processes.Any(p => p.Uid is not null);

    public bool HasStartTimes => Processes.Any(p => p.StartTime is not null);

    /// <summary>
    /// The tree from one listing file, or from every process listing in a folder (pslist, pstree and psaux of one
    /// dump, in any renderer; other files there are skipped and said), attributed with a node's metadata when given.
    /// </summary>
    public static ProcessTree Of(EvidenceRoot root, string path, EvidenceRoot? node = null)
    {
        var skipped = new List<EvidenceProblem>();
        List<ProcessListing> listings;
        if (root.DirectoryExists(path))
        {
            listings = [];
            foreach (var file in root.Walk(path, skipped, "the listings in it are not read").Where(e => e.Kind == EvidenceEntryKind.File).Select(e => e.Path))
            {
                var listing = ProcessListingReader.Read(root, file);
                if (listing.Rows.Count > 0)
                {
                    listings.Add(listing);
                }
                else
                {
                    skipped.Add(new EvidenceProblem(file, "", $"not a process listing ({listing.Format}); skipped"));
                }
            }

            if (listings.Count == 0)
            {
                throw new EvidenceAccessException(path, "no Volatility process listing (pslist, pstree, psaux) in this folder");
            }
        }
        else
        {
            var listing = ProcessListingReader.Read(root, path);
            if (listing.Rows.Count == 0)
            {
                throw new EvidenceAccessException(path, listing.Problems.Count > 0
                    ? $"{listing.Problems[0].Where}: {listing.Problems[0].Problem}".TrimStart(':', ' ')
                    : "no processes in this listing");
            }

            listings = [listing];
        }

        var tree = Build(listings, node is null ? null : NodeContainers.List(node));
        return tree with { Problems = [.. skipped, .. tree.Problems] };
    }

    public static ProcessTree Build(IReadOnlyList<ProcessListing> listings, ContainerListing? containers)
    {
        var problems = listings.SelectMany(l => l.Problems).ToList();
        if (containers is not null)
        {
            problems.AddRange(containers.Problems);
        }

        var (merged, duplicates) = Merge(listings);
        var children = merged.Values.Where(p => p.Ppid is > 0 && merged.ContainsKey(p.Ppid.Value))
            .GroupBy(p => p.Ppid!.Value).ToDictionary(g => g.Key, g => g.OrderBy(p => p.Pid).ToList());
        var roots = merged.Values.Where(p => p.Ppid is not > 0 || !merged.ContainsKey(p.Ppid.Value)).OrderBy(p => p.Pid).ToList();
        foreach (var orphan in roots.Where(p => p.Ppid is > 0))
        {
            problems.Add(new EvidenceProblem(orphan.Source, $"line {orphan.Line}", $"PID {orphan.Pid}'s parent {orphan.Ppid} is not in the listing; shown as a root"));
        }

        var attribution = ContainerAttribution.Of(merged, children, containers?.Containers);
        var underKthreadd = ProcessFlags.UnderKthreadd(merged);
        var ordered = new List<ProcessEntry>();
        var visited = new HashSet<int>();
        var stack = new Stack<(MergedProcess Process, int Depth)>(roots.AsEnumerable().Reverse().Select(r => (r, 0)));
        while (stack.TryPop(out var item))
        {
            if (!visited.Add(item.Process.Pid))
            {
                continue;
            }

            var p = item.Process;
            var container = attribution.Containers.GetValueOrDefault(p.Pid);
            ordered.Add(new ProcessEntry(p.Pid, p.Ppid, p.Comm, p.Args, item.Depth, p.Uid, p.StartTime, container,
                ProcessFlags.Of(p, container, merged, attribution, underKthreadd, duplicates.Contains(p.Pid))));
            foreach (var child in children.GetValueOrDefault(p.Pid, []).AsEnumerable().Reverse())
            {
                stack.Push((child, item.Depth + 1));
            }
        }

        var unreached = merged.Values.Where(p => !visited.Contains(p.Pid)).ToList();
        if (unreached.Count > 0)
        {
            problems.Add(new EvidenceProblem(unreached[0].Source, "", $"{Counted.Of(unreached.Count, "process", "processes")} in a parent loop (a PPID chain back to itself), not in the tree: {string.Join(", ", unreached.Select(p => p.Pid))}"));
        }

        var notes = listings.SelectMany(l => l.Notes.Select(n => $"{l.File}: {n}")).ToList();
        if (merged.Count > 0 && !listings.Any(l => l.HasParents))
        {
            notes.Add($"cannot build a tree: no listing given has parent PIDs, so the {Counted.Of(merged.Count, "process", "processes")} are listed flat by PID, " +
                      "with no pod attribution and no flag that needs a parent. Volatility 2's linux_pstree, its linux_pslist from 2.6 on, " +
                      "or Volatility 3's linux.pslist give the parents.");
        }

        return new ProcessTree(ordered, listings.Select(l => $"{l.File}: {l.Format} ({Counted.Of(l.Rows.Count, "process", "processes")})").ToList(), problems) { Notes = notes };
    }

    private static (Dictionary<int, MergedProcess> Merged, HashSet<int> Duplicates) Merge(IReadOnlyList<ProcessListing> listings)
    {
        var merged = new Dictionary<int, MergedProcess>();
        var duplicates = new HashSet<int>();
        foreach (var listing in listings)
        {
            var seen = new HashSet<int>();
            foreach (var row in listing.Rows)
            {
                if (!seen.Add(row.Pid))
                {
                    duplicates.Add(row.Pid); // two tasks with one PID in the same listing: a hidden or forged process?
                    continue;
                }

                if (!merged.TryGetValue(row.Pid, out var p))
                {
                    merged[row.Pid] = p = new MergedProcess(row.Pid, listing.File, row.Line);
                }

                p.Ppid ??= row.Ppid;
                p.CommFromListing ??= row.Comm;
                p.Args ??= row.Args;
                p.Uid ??= row.Uid;
                p.StartTime ??= row.StartTime;
            }
        }

        return (merged, duplicates);
    }

    public string Summary =>
        $"{Counted.Of(Processes.Count, "process", "processes")}{(Flat ? " listed flat (no parent PIDs in the input: no tree)" : "")}, {Counted.Of(Processes.Where(p => p.Container is not null).Select(p => p.Container!.ShimPid).Distinct().Count(), "containerd-shim")}, " +
        $"{Processes.Count(p => p.Flags.Count > 0)} flagged" + (Problems.Count > 0 ? $", {Counted.Of(Problems.Count, "problem")} reading the listings" : "");
}

/// <summary>A process's fields gathered across listings.</summary>
internal sealed class MergedProcess(int pid, string source, long line)
{
    public int Pid { get; } = pid;

    public string Source { get; } = source;

    public long Line { get; } = line;

    public int? Ppid { get; set; }

    public string? CommFromListing { get; set; }

    public string? Args { get; set; }

    public long? Uid { get; set; }

    public string? StartTime { get; set; }

    /// <summary>The kernel's 15-character comm; from argv[0] when only psaux was given.</summary>
    public string Comm => CommFromListing ?? (Args is { } a ? CommOf(a) : "?");

    public static string CommOf(string args)
    {
        if (args.StartsWith('[') && args.EndsWith(']'))
        {
            return args[1..^1];
        }

        var argv0 = args.Split(' ', 2)[0];
        var name = argv0[(argv0.LastIndexOf('/') + 1)..];
        return name.Length > 15 ? name[..15] : name;
    }
}
