using System.Globalization;
using System.Text.Json;
using EksIr.Core.Plans;
using EksIr.Cloud.Plans;

namespace EksIr.Cloud.Aws;

/// <summary>What <c>contain instance</c> does beyond the defaults.</summary>
/// <param name="IsolationGroupName">The security group with no rules put on every ENI (created in the instance's VPC if missing).</param>
/// <param name="RevokeSessionsBefore">Sessions of the instance role issued before this time are denied everything (default: now).</param>
/// <param name="KeepInstanceProfile">Leave the instance profile on the instance (revocation still applies).</param>
/// <param name="AutoScaling">How the instance's Auto Scaling group is kept from terminating it (detach unless told).</param>
public sealed record InstanceContainmentOptions(string IsolationGroupName = InstanceContainmentOptions.DefaultIsolationGroup, DateTimeOffset? RevokeSessionsBefore = null,
    bool KeepInstanceProfile = false, AutoScalingHold AutoScaling = AutoScalingHold.Detach)
{
    public const string DefaultIsolationGroup = "eksir-isolation";
}

/// <summary>
/// The <c>contain instance</c> verb: first keep the instance's Auto Scaling group from terminating it (an isolated EKS
/// node turns NotReady, and what replaces unhealthy nodes would take the evidence with it), then isolate its network (an isolation security group, with no rules,
/// swapped onto every ENI with the old groups recorded), revoke the instance role's sessions issued before a time (the
/// <c>aws:TokenIssueTime</c> deny policy the console's "Revoke active sessions" puts on the role), and detach the
/// instance profile. Dry run unless execute; idempotent; each step carries the state before it and the AWS CLI line
/// that undoes it; a failure stops the plan and says what was and was not done.
/// </summary>
public static class InstanceContainment
{
    /// <summary>The inline policy name the IAM console uses for revoking a role's sessions.</summary>
    public const string RevokePolicyName = "AWSRevokeOlderSessions";

    public static async Task<ActionPlan> RunAsync(IInstanceSource source, IInstanceWriter? writer, string instanceId, InstanceContainmentOptions options,
        DateTimeOffset now, bool execute, CancellationToken cancellationToken = default)
    {
        var w = !execute ? null
            : writer ?? throw new AwsActionException($"{source.Description}: a snapshot cannot be changed; --execute acts on the live account (leave out --snapshot)");
        var instance = await source.InstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var steps = new PlanSteps(execute);
        if (w is not null)
        {
            steps.Note("act as", "AWS caller", await w.CallerAsync(cancellationToken).ConfigureAwait(false));
        }

        await AutoScalingStep.PlanAsync(source, w, instance, options.AutoScaling, steps, cancellationToken).ConfigureAwait(false);
        await IsolateNetworkAsync(source, w, instance, options.IsolationGroupName, steps, cancellationToken).ConfigureAwait(false);
        await RevokeSessionsAsync(source, w, instance, options.RevokeSessionsBefore ?? now, steps, cancellationToken).ConfigureAwait(false);
        if (!options.KeepInstanceProfile)
        {
            await DetachProfileAsync(source, w, instance, steps, cancellationToken).ConfigureAwait(false);
        }

        return steps.Plan($"instance {instanceId}");
    }

    /// <summary>The deny-everything policy for sessions issued before <paramref name="before"/> (tokens issued later still work).</summary>
    public static string RevokePolicy(DateTimeOffset before) => JsonSerializer.Serialize(new
    {
        Version = "2012-10-17",
        Statement = new[]
        {
            new
            {
                Effect = "Deny",
                Action = new[] { "*" },
                Resource = new[] { "*" },
                Condition = new { DateLessThan = new Dictionary<string, string> { ["aws:TokenIssueTime"] = before.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) } },
            },
        },
    });

    private static async Task IsolateNetworkAsync(IInstanceSource source, IInstanceWriter? w, InstanceFacts instance, string groupName, PlanSteps steps,
        CancellationToken cancellationToken)
    {
        if (instance.VpcId is not { } vpc)
        {
            steps.Note("isolation security group", instance.InstanceId, "the instance is in no VPC (EC2-Classic or terminated): nothing to isolate", "not possible");
            return;
        }

        var existing = await source.SecurityGroupAsync(vpc, groupName, cancellationToken).ConfigureAwait(false);
        var groupId = existing?.GroupId;
        await steps.StepAsync("isolation security group", $"{groupName} in {vpc}", existing is not null,
            existing is null ? $"create security group {groupName} in {vpc} and remove its default egress rule: no inbound, no outbound rules"
                : $"security group {existing.GroupId} exists",
            existing is null ? "no such group" : $"{existing.GroupId} exists",
            existing is null ? "aws ec2 delete-security-group --group-id <the new group> (after the ENIs have their old groups back)" : "none (the group was there)",
            async () =>
            {
                groupId = await w!.CreateIsolationGroupAsync(vpc, groupName, $"EKS IR isolation: no traffic in or out (created by eksir)", cancellationToken).ConfigureAwait(false);
                return $"created {groupId} in {vpc} with no rules";
            }).ConfigureAwait(false);

        foreach (var eni in instance.NetworkInterfaces)
        {
            var isolated = groupId is not null && eni.Groups.Count == 1 && eni.Groups[0].GroupId == groupId;
            var old = string.Join(" ", eni.Groups.Select(g => g.GroupId));
            await steps.StepAsync("swap security groups", $"{eni.NetworkInterfaceId} (device {eni.DeviceIndex}, {eni.PrivateIp})", isolated,
                $"Groups = [{groupId ?? groupName + " (created above)"}]. Connections the groups already track stay open until idle; untracked ones stop at once.",
                $"groups: {(eni.Groups.Count == 0 ? "none" : string.Join(", ", eni.Groups.Select(g => $"{g.GroupId} ({g.GroupName})")))}",
                $"aws ec2 modify-network-interface-attribute --network-interface-id {eni.NetworkInterfaceId} --groups {old}",
                () => w!.SetInterfaceGroupsAsync(eni.NetworkInterfaceId, [groupId!], cancellationToken)).ConfigureAwait(false);
        }
    }

    private static async Task RevokeSessionsAsync(IInstanceSource source, IInstanceWriter? w, InstanceFacts instance, DateTimeOffset before, PlanSteps steps,
        CancellationToken cancellationToken)
    {
        if (instance.InstanceProfileName is not { } profile)
        {
            steps.Note("revoke role sessions", instance.InstanceId, "the instance has no instance profile now: no role to revoke here (a revocation made earlier stays on the role)", "nothing to do");
            return;
        }

        var roles = await source.InstanceProfileRolesAsync(profile, cancellationToken).ConfigureAwait(false);
        var document = RevokePolicy(before);
        if (roles.Count == 0)
        {
            steps.Note("revoke role sessions", $"role of instance profile {profile}",
                $"not known here which role the profile holds (snapshot without iam get-instance-profile); the policy {RevokePolicyName}:\n{document}", "not known");
            return;
        }

        foreach (var role in roles)
        {
            var current = await source.RolePolicyAsync(role, RevokePolicyName, cancellationToken).ConfigureAwait(false);
            var same = current is not null && SameJson(current, document);
            await steps.StepAsync("revoke role sessions", $"role {role}", same,
                $"inline policy {RevokePolicyName}: deny everything to sessions issued before {before.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n{document}",
                current is null ? $"no inline policy {RevokePolicyName}" : $"{RevokePolicyName}: {current}",
                current is null ? $"aws iam delete-role-policy --role-name {role} --policy-name {RevokePolicyName}"
                    : $"aws iam put-role-policy --role-name {role} --policy-name {RevokePolicyName} --policy-document '{current}'",
                () => w!.PutRolePolicyAsync(role, RevokePolicyName, document, cancellationToken)).ConfigureAwait(false);
        }
    }

    private static async Task DetachProfileAsync(IInstanceSource source, IInstanceWriter? w, InstanceFacts instance, PlanSteps steps, CancellationToken cancellationToken)
    {
        var association = await source.ProfileAssociationAsync(instance.InstanceId, cancellationToken).ConfigureAwait(false);
        var arn = association?.InstanceProfileArn ?? instance.InstanceProfileArn;
        if (arn is null)
        {
            steps.Note("detach instance profile", instance.InstanceId, "no instance profile is associated", PlannedAction.AlreadyInPlace);
            return;
        }

        await steps.StepAsync("detach instance profile", instance.InstanceId, false,
            $"disassociate {arn}{(association is null ? "" : $" (association {association.AssociationId})")}: the node (kubelet, CNI) gets no new AWS credentials",
            $"instance profile {arn}",
            $"aws ec2 associate-iam-instance-profile --instance-id {instance.InstanceId} --iam-instance-profile Arn={arn}",
            () => association is null
                ? throw new AwsActionException($"{source.Description}: {instance.InstanceId} names instance profile {arn} but has no association to detach")
                : w!.DisassociateProfileAsync(association.AssociationId, cancellationToken)).ConfigureAwait(false);
    }

    private static bool SameJson(string a, string b)
    {
        try
        {
            using var x = JsonDocument.Parse(a);
            using var y = JsonDocument.Parse(b);
            return JsonElement.DeepEquals(x.RootElement, y.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
