namespace EksIr.Core.Evidence;

/// <summary>
/// One evidence file a verb read: its path relative to the evidence root, its size on disk, how many bytes
/// were read and — when the whole file was read — its SHA-256 (lowercase hex).
/// </summary>
public sealed record EvidenceFileRead(string Path, long Size, long BytesRead, string? Sha256);
