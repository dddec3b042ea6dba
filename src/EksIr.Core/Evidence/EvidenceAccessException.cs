namespace EksIr.Core.Evidence;

/// <summary>An evidence path could not be read, or would leave the evidence root. The message names the path.</summary>
public sealed class EvidenceAccessException(string path, string reason, Exception? inner = null)
    : IOException($"{path}: {reason}", inner), IAnalystError
{
    public string EvidencePath { get; } = path;

    public string Reason { get; } = reason;
}
