namespace EksIr.Cloud.Aws;

/// <summary>What <c>acquire volumes</c> works on and with.</summary>
/// <param name="CaseId">The case whose snapshots (tag <c>eksir:case</c>) become volumes, tagged with it too.</param>
/// <param name="AnalysisInstanceId">The instance the volumes are made in the zone of and attached to.</param>
/// <param name="SnapshotIds">These snapshots instead of the case's tagged ones.</param>
/// <param name="MountBase">Where the mount lines mount (<c>/mnt</c>/&lt;case&gt;/&lt;volume&gt;/&lt;part&gt;).</param>
public sealed record VolumeAcquisitionOptions(
    string CaseId,
    string Analyst,
    string AnalysisInstanceId,
    IReadOnlyList<string>? SnapshotIds = null,
    string MountBase = "/mnt",
    TimeSpan? PollInterval = null,
    TimeSpan? Timeout = null,
    TimeProvider? Clock = null)
{
    public const string SourceSnapshotTag = "eksir:source-snapshot";
    public const string SourceVolumeTag = "eksir:source-volume";

    /// <summary>The clock the waits and their deadline run on (the system's unless one is given).</summary>
    public TimeProvider Time => Clock ?? TimeProvider.System;

    public TimeSpan Interval => PollInterval ?? TimeSpan.FromSeconds(3);

    public TimeSpan Deadline => Timeout ?? TimeSpan.FromMinutes(30);
}
