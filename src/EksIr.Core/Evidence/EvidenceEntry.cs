namespace EksIr.Core.Evidence;

public enum EvidenceEntryKind
{
    File,
    SymbolicLink,
}

/// <summary>A file or link found under an evidence root; <see cref="LinkTarget"/> is the link's text, never followed.</summary>
public sealed record EvidenceEntry(string Path, EvidenceEntryKind Kind, long Size, DateTime ModifiedUtc, string? LinkTarget);
