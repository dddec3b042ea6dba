using EksIr.Core.Evidence;
using EksIr.Core.Reporting;

namespace EksIr.Verbs;

/// <summary>A verb failed on a snapshot that had records it could not read: the failure, then those records (one of them may be why).</summary>
public sealed class SnapshotProblemsException(Exception failure, IReadOnlyList<EvidenceProblem> problems)
    : Exception($"{failure.Message} (the snapshot had {Counted.Of(problems.Count, "damaged or unreadable record")}: {string.Join("; ", problems.Take(3))}{(problems.Count > 3 ? "; …" : "")})", failure),
        Core.IAnalystError;
