namespace EksIr.Kernel.Formatting;

/// <summary>What the case's context gave a verb or took from it (an option filled from a confirmed entity; entities a card confirmed), shown above the result.</summary>
public sealed record CaseContextNotes(IReadOnlyList<string> Lines);
