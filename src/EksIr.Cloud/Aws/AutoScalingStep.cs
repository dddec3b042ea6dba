using EksIr.Cloud.Plans;

namespace EksIr.Cloud.Aws;

/// <summary>
/// The plan step that keeps the instance out of its Auto Scaling group's reach. EC2 termination protection does not stop
/// Auto Scaling (AWS's EC2 and Auto Scaling user guides both say so), and an EKS node is in its node group's group.
/// <para>Detach is the default, as AWS's incident-response guidance for a compromised instance has it ("detach it from any
/// Auto Scaling group"): only detaching stops every way the group ends an instance — scale in, replacement after a failed
/// health check (a stopped instance counts as unhealthy, so the "shutdown behaviour stop" step alone would end with the
/// group terminating the node), TerminateInstanceInAutoScalingGroup (what Cluster Autoscaler calls) — and the replacement
/// it launches keeps the node group's capacity. Scale-in protection stops scale in only; it is the choice when no
/// replacement node should start. Suspending the group's HealthCheck and ReplaceUnhealthy processes would also stop
/// replacement, but for every node of the group, so it is only named, not done.</para>
/// </summary>
public static class AutoScalingStep
{
    public static async Task PlanAsync(IInstanceSource source, IInstanceWriter? w, InstanceFacts instance, AutoScalingHold hold, PlanSteps steps,
        CancellationToken cancellationToken)
    {
        var id = instance.InstanceId;
        var answer = await source.AutoScalingAsync(id, cancellationToken).ConfigureAwait(false);
        var tagged = instance.Tags.GetValueOrDefault("aws:autoscaling:groupName");
        if (!answer.Known)
        {
            steps.Note("Auto Scaling group", id,
                $"not known whether an Auto Scaling group can terminate the instance: {answer.NotKnown}" +
                (tagged is null ? "" : $"; its tag aws:autoscaling:groupName names {tagged} (Auto Scaling tags the instances it launches)") +
                $". Find out with aws autoscaling describe-auto-scaling-instances --instance-ids {id}, then " +
                (hold == AutoScalingHold.Detach
                    ? $"aws autoscaling detach-instances --instance-ids {id} --auto-scaling-group-name {tagged ?? "<group>"} --no-should-decrement-desired-capacity"
                    : $"aws autoscaling set-instance-protection --instance-ids {id} --auto-scaling-group-name {tagged ?? "<group>"} --protected-from-scale-in"),
                "not known");
            return;
        }

        if (answer.Membership is not { } member || member.LifecycleState is "Detached" or "Terminated")
        {
            steps.Note("Auto Scaling group", id,
                "in no Auto Scaling group: no group can scale it in or replace it" +
                (tagged is null ? "" : $" (its tag aws:autoscaling:groupName names {tagged}: it was launched by that group and has left it)") +
                (instance.Tags.ContainsKey("karpenter.sh/nodepool")
                    ? "; Karpenter launched it (tag karpenter.sh/nodepool) and may still replace it: annotate its node karpenter.sh/do-not-disrupt=true"
                    : ""),
                "nothing to do");
            return;
        }

        if (member.LifecycleState.StartsWith("Terminating", StringComparison.Ordinal))
        {
            steps.Note("Auto Scaling group", $"{id} in {member.GroupName}",
                $"the group is already terminating it ({member}); neither detaching nor protection stops that: acquire now", "not possible");
            return;
        }

        var group = member.GroupName;
        if (hold == AutoScalingHold.Detach)
        {
            await steps.StepAsync("detach from Auto Scaling group", $"{id} from {group}", member.LifecycleState == "Detaching",
                "DetachInstances, ShouldDecrementDesiredCapacity=false: the group stops managing the instance, so nothing it does ends it " +
                "(scale in, replacement after a failed health check — a stopped instance fails it —, TerminateInstanceInAutoScalingGroup, " +
                "which Cluster Autoscaler calls); it launches a replacement node to keep its capacity and deregisters the instance from the " +
                "group's load balancer target groups. The instance's scale-in protection setting is dropped. " +
                "(--auto-scaling protect instead keeps it in the group with scale-in protection only; suspending the group's HealthCheck and " +
                "ReplaceUnhealthy processes would stop replacement too, but for every node of the group.)",
                member.ToString(),
                $"aws autoscaling attach-instances --instance-ids {id} --auto-scaling-group-name {group} " +
                "(this raises the group's desired capacity by one; the replacement node stays until the capacity is lowered again)",
                () => w!.DetachFromGroupAsync(group, id, cancellationToken)).ConfigureAwait(false);
        }
        else
        {
            await steps.StepAsync("scale-in protection", $"{id} in {group}", member.ProtectedFromScaleIn,
                "SetInstanceProtection ProtectedFromScaleIn=true: the group does not pick this instance when it scales in. It does NOT stop " +
                "the group replacing it after a failed health check (a stopped or impaired instance), TerminateInstanceInAutoScalingGroup " +
                "(which Cluster Autoscaler calls) or a Spot interruption: --auto-scaling detach does.",
                member.ToString(),
                $"aws autoscaling set-instance-protection --instance-ids {id} --auto-scaling-group-name {group} --no-protected-from-scale-in",
                () => w!.ProtectFromScaleInAsync(group, id, cancellationToken)).ConfigureAwait(false);
        }
    }
}
