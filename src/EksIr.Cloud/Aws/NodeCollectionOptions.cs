namespace EksIr.Cloud.Aws;

/// <summary>What <c>acquire node</c> collects, where from and where to.</summary>
/// <param name="Destination">The archive's S3 URI (…/&lt;node&gt;.tar.gz).</param>
/// <param name="Root">The node's root where the script runs: / on the live node, the mounted volume on an analysis instance.</param>
/// <param name="CaseId">The case, named in the SSM command's comment and the manifest.</param>
/// <param name="ManifestFolder">Where the collection manifest (URI, SHA-256, size, SSM command) is written with execute.</param>
public sealed record NodeCollectionOptions(
    string Destination,
    string Root = "/",
    string? CaseId = null,
    string? ManifestFolder = null,
    TimeSpan? PollInterval = null,
    TimeSpan? Timeout = null,
    TimeProvider? Clock = null)
{
    public TimeProvider Time => Clock ?? TimeProvider.System;
}
