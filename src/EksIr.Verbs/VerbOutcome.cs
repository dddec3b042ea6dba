using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Verbs;

/// <summary>
/// What a verb gave: its typed result (shown by the front end's renderer), its one-line summary (journaled), the
/// evidence problems it met, whether it failed (a plan with a failed step), and notes for the analyst beside the
/// result (what was left out and how to see it).
/// </summary>
public sealed record VerbOutcome(object Result, string Summary, IReadOnlyList<EvidenceProblem> Problems, bool Failed, IReadOnlyList<string> Notes)
{
    /// <summary>
    /// For a verb whose result is a yes-or-no verdict (an answer check): whether it is yes; null for any other verb, or
    /// when it gave no verdict. Not a failure: the verb did its work and is journaled so. A command line exits 1 on a no,
    /// as test and grep do, so that a script can branch on it; a notebook shows the verdict and runs on (a training
    /// notebook goes past a wrong answer).
    /// </summary>
    public bool? Verdict { get; init; }

    /// <summary>
    /// What the case's context gave the verb or took from it: an option filled from a confirmed entity, entities a
    /// card confirmed. Shown by every front end beside the result (a notebook above it, a command line on stderr).
    /// </summary>
    public IReadOnlyList<string> CaseNotes { get; init; } = [];
    /// <summary>Which node disk under the evidence's node/ the verb read, when it chose one there (also the first of <see cref="Notes"/>); null otherwise.</summary>
    public string? NodeRead { get; init; }
}
