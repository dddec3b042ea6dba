namespace EksIr.Cloud.Aws;

/// <summary>What the collection script reported: the archive's SHA-256, size and URI, tar's exit status (1: a file changed while read), the paths the node did not have.</summary>
public sealed record NodeCollectionResult(string Sha256, long Bytes, string Uri, int TarExit, IReadOnlyList<string> Missing);
