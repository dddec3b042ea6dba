using Amazon;
using Amazon.Runtime;

namespace EksIr.Cloud.Aws;

/// <summary>
/// EC2 Auto Scaling over its Query protocol (API version 2011-01-01: form-encoded POST, XML answers), signed by
/// AWSSDK.Core's SigV4 handler for the regional endpoint. Parameter and element names are those of AWS's Auto Scaling API
/// reference (DescribeAutoScalingInstances, SetInstanceProtection, DetachInstances). Replaceable by the official client
/// behind <see cref="IAutoScaling"/>.
/// </summary>
public sealed class AutoScalingQueryClient : IAutoScaling, IDisposable
{
    private readonly AwsQueryClient _query;

    public AutoScalingQueryClient(AWSCredentials credentials, RegionEndpoint region, Uri? endpoint = null, HttpMessageHandler? transport = null, TimeSpan? firstBackoff = null) =>
        _query = new AwsQueryClient("autoscaling", "Auto Scaling", "2011-01-01", region, credentials,
            endpoint ?? new Uri($"https://autoscaling.{region.SystemName}.amazonaws.com/"), transport, firstBackoff);

    public async Task<AutoScalingMembership?> MembershipAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var result = await _query.CallAsync("DescribeAutoScalingInstances", [("InstanceIds.member.1", instanceId)], cancellationToken).ConfigureAwait(false);
        var member = result!.Descendants().Where(e => e.Name.LocalName == "member" && e.Parent?.Name.LocalName == "AutoScalingInstances")
            .FirstOrDefault(m => Child(m, "InstanceId") == instanceId);
        return member is null || Child(member, "AutoScalingGroupName") is not { } group ? null
            : new AutoScalingMembership(group, Child(member, "LifecycleState") ?? "not known", Child(member, "HealthStatus"),
                string.Equals(Child(member, "ProtectedFromScaleIn"), "true", StringComparison.OrdinalIgnoreCase));
    }

    public async Task SetScaleInProtectionAsync(string groupName, string instanceId, bool protectedFromScaleIn, CancellationToken cancellationToken = default) =>
        await _query.CallAsync("SetInstanceProtection",
            [("AutoScalingGroupName", groupName), ("InstanceIds.member.1", instanceId), ("ProtectedFromScaleIn", protectedFromScaleIn ? "true" : "false")],
            cancellationToken).ConfigureAwait(false);

    public async Task DetachAsync(string groupName, string instanceId, CancellationToken cancellationToken = default) =>
        await _query.CallAsync("DetachInstances",
            [("AutoScalingGroupName", groupName), ("InstanceIds.member.1", instanceId), ("ShouldDecrementDesiredCapacity", "false")],
            cancellationToken).ConfigureAwait(false);

    public void Dispose() => _query.Dispose();

    private static string? Child(System.Xml.Linq.XElement e, string name) => e.Elements().FirstOrDefault(c => c.Name.LocalName == name)?.Value;
}
