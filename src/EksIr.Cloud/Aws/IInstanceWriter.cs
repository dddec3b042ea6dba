namespace EksIr.Cloud.Aws;

/// <summary>The changes containment and acquisition make to an instance and its account (live only).</summary>
public interface IInstanceWriter
{
    /// <summary>Who is acting: the caller's account and ARN (STS GetCallerIdentity), for the journal.</summary>
    Task<string> CallerAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates a security group with no rules at all (the default allow-all egress rule removed); returns its id.</summary>
    Task<string> CreateIsolationGroupAsync(string vpcId, string groupName, string description, CancellationToken cancellationToken = default);

    Task SetInterfaceGroupsAsync(string networkInterfaceId, IReadOnlyList<string> groupIds, CancellationToken cancellationToken = default);

    Task DisassociateProfileAsync(string associationId, CancellationToken cancellationToken = default);

    Task PutRolePolicyAsync(string roleName, string policyName, string document, CancellationToken cancellationToken = default);

    Task SetTerminationProtectionAsync(string instanceId, bool enabled, CancellationToken cancellationToken = default);

    Task SetShutdownBehaviorAsync(string instanceId, string behavior, CancellationToken cancellationToken = default);

    Task TagAsync(string instanceId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default);

    /// <summary>DeleteOnTermination off for the volume at this device, so terminating the instance keeps it.</summary>
    Task KeepVolumeAsync(string instanceId, string deviceName, CancellationToken cancellationToken = default);

    /// <summary>Crash-consistent snapshots of all the instance's volumes at once (CreateSnapshots), tagged.</summary>
    Task<IReadOnlyList<SnapshotState>> CreateSnapshotsAsync(string instanceId, string description, IReadOnlyDictionary<string, string> tags,
        CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SnapshotState>> SnapshotStatesAsync(IReadOnlyList<string> snapshotIds, CancellationToken cancellationToken = default);

    /// <summary>Scale-in protection on for the instance in its Auto Scaling group (SetInstanceProtection).</summary>
    Task ProtectFromScaleInAsync(string groupName, string instanceId, CancellationToken cancellationToken = default);

    /// <summary>The instance detached from its Auto Scaling group, the group's desired capacity kept (a replacement is launched).</summary>
    Task DetachFromGroupAsync(string groupName, string instanceId, CancellationToken cancellationToken = default);
}

/// <summary>An EBS snapshot's progress: state pending/completed/error, percent done.</summary>
public sealed record SnapshotState(string SnapshotId, string VolumeId, string State, int Percent, DateTimeOffset? StartTime);
