namespace EksIr.Core.Cases;

/// <summary>What a case's evidence root held at intake: counts, bytes, and what could not be read.</summary>
public sealed record EvidenceInventory(int Files, int SymbolicLinks, long TotalBytes, int Hashed, IReadOnlyList<string> Unreadable);
