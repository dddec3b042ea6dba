using EksIr.Core.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Verbs;

/// <summary>
/// What a verb gave: its typed result (shown by the front end's renderer), its one-line summary (journaled), the
/// evidence problems it met, whether it failed (a plan with a failed step), and notes for the analyst beside the
/// result (what was left out and how to see it).
/// </summary>
public sealed record VerbOutcome(object Result, string Summary, IReadOnlyList<EvidenceProblem> Problems, bool Failed, IReadOnlyList<string> Notes);
