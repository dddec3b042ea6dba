using EksIr.Cloud.Aws;
using EksIr.Core.Evidence;

namespace EksIr.Core.Tests.Aws;

/// <summary>
/// Keeping an EKS node's Auto Scaling group from terminating it, against the loopback endpoint and the AWS CLI snapshot:
/// the calls carry the parameters AWS's Auto Scaling API reference names (signed for the autoscaling service), each step
/// has its undo line, a step already in place is not repeated, and what is not known is said, never taken for "no group".
/// </summary>
public sealed class AutoScalingHoldTests : IDisposable
{
    private static readonly string Sample = Repo.Path("sample-data", "incident-1", "aws");
    private const string Instance = "i-0c7d2e91b4a6f3508";
    private const string Group = "eks-ng-1-a4c6e8f0-1b2c-3d4e-5f60-718293a4b5c6";
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 30, 0, TimeSpan.Zero);
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static InstanceAcquisitionOptions Acquire(AutoScalingHold hold) =>
        new("case-1", "analyst", Steps: ["auto-scaling"], AutoScaling: hold);

    [Fact]
    public async Task Protect_sets_scale_in_protection_with_its_undo_says_what_it_does_not_stop_and_is_not_repeated()
    {
        using var server = new FakeAwsServer(Sample);
        var account = InstanceContainmentTests.Connect(server);

        var plan = await InstanceAcquisition.RunAsync(account, account, account, Instance, Acquire(AutoScalingHold.Protect), Now, execute: true);
        var again = await InstanceAcquisition.RunAsync(account, account, account, Instance, Acquire(AutoScalingHold.Protect), Now, execute: true);

        var step = plan.Actions.Single(a => a.Action == "scale-in protection");
        Assert.Equal(("done", $"{Instance} in {Group}"), (step.Outcome, step.Target));
        Assert.Equal($"aws autoscaling set-instance-protection --instance-ids {Instance} --auto-scaling-group-name {Group} --no-protected-from-scale-in", step.Rollback);
        Assert.Contains("It does NOT stop the group replacing it after a failed health check", step.Detail);
        var call = Assert.Single(server.Calls, c => c.Action == "SetInstanceProtection");
        Assert.Equal(new Dictionary<string, string> { ["AutoScalingGroupName"] = Group, ["InstanceIds.member.1"] = Instance, ["ProtectedFromScaleIn"] = "true" },
            call.Parameters);
        Assert.True(call.Signed, call.Scope);
        Assert.StartsWith("autoscaling/us-west-2", call.Scope);
        Assert.True(server.ProtectedFromScaleIn);
        Assert.Equal(Group, server.AutoScalingGroup);
        Assert.Empty(server.Replacements);
        Assert.Equal("already in place", again.Actions.Single(a => a.Action == "scale-in protection").Outcome);
        Assert.Equal($"in Auto Scaling group {Group}: LifecycleState InService, HealthStatus HEALTHY, ProtectedFromScaleIn true",
            again.Actions.Single(a => a.Action == "scale-in protection").Before);
    }

    [Fact]
    public async Task Detach_keeps_the_desired_capacity_so_a_replacement_is_launched_and_a_second_run_finds_no_group()
    {
        using var server = new FakeAwsServer(Sample) { ProtectedFromScaleIn = true };
        var account = InstanceContainmentTests.Connect(server);

        var plan = await InstanceContainment.RunAsync(account, account, Instance, new InstanceContainmentOptions(), Now, execute: true);
        var again = await InstanceContainment.RunAsync(account, account, Instance, new InstanceContainmentOptions(), Now, execute: false);

        var step = plan.Actions.Single(a => a.Action == "detach from Auto Scaling group");
        Assert.Equal("done", step.Outcome);
        Assert.Equal($"aws autoscaling attach-instances --instance-ids {Instance} --auto-scaling-group-name {Group} " +
                     "(this raises the group's desired capacity by one; the replacement node stays until the capacity is lowered again)", step.Rollback);
        var call = Assert.Single(server.Calls, c => c.Action == "DetachInstances");
        Assert.Equal(new Dictionary<string, string> { ["AutoScalingGroupName"] = Group, ["InstanceIds.member.1"] = Instance, ["ShouldDecrementDesiredCapacity"] = "false" },
            call.Parameters);
        Assert.True(call.Signed, call.Scope);
        Assert.Null(server.AutoScalingGroup);
        Assert.Single(server.Replacements);
        var note = again.Actions.Single(a => a.Action == "Auto Scaling group");
        Assert.Equal("nothing to do", note.Outcome);
        Assert.Equal($"in no Auto Scaling group: no group can scale it in or replace it (its tag aws:autoscaling:groupName names {Group}: " +
                     "it was launched by that group and has left it)", note.Detail);
    }

    [Fact]
    public async Task A_refused_describe_is_not_known_with_aws_s_answer_and_the_rest_of_the_plan_still_runs()
    {
        using var server = new FakeAwsServer(Sample);
        server.Fail("DescribeAutoScalingInstances", "AccessDenied", 403, message: "User is not authorized to perform: autoscaling:DescribeAutoScalingInstances");
        var account = InstanceContainmentTests.Connect(server);

        var plan = await InstanceAcquisition.RunAsync(account, account, account, Instance,
            Acquire(AutoScalingHold.Detach) with { Steps = ["auto-scaling", "termination-protection"] }, Now, execute: true);

        var note = plan.Actions.Single(a => a.Action == "Auto Scaling group");
        Assert.Equal("not known", note.Outcome);
        Assert.Contains("Auto Scaling DescribeAutoScalingInstances (InstanceIds.member.1 i-0c7d2e91b4a6f3508): AccessDenied", note.Detail);
        Assert.Contains($"aws autoscaling detach-instances --instance-ids {Instance} --auto-scaling-group-name {Group} --no-should-decrement-desired-capacity", note.Detail);
        Assert.False(plan.Failed);
        Assert.True(server.TerminationProtection);
        Assert.DoesNotContain("DetachInstances", server.Actions);
    }

    [Fact]
    public async Task A_refused_detach_fails_the_step_and_stops_the_plan()
    {
        using var server = new FakeAwsServer(Sample);
        server.Fail("DetachInstances", "AccessDenied", 403, message: "not authorized");
        var account = InstanceContainmentTests.Connect(server);

        var plan = await InstanceContainment.RunAsync(account, account, Instance, new InstanceContainmentOptions(), Now, execute: true);

        Assert.True(plan.Failed);
        Assert.StartsWith($"failed: Auto Scaling DetachInstances (AutoScalingGroupName {Group}, InstanceIds.member.1 {Instance}, ShouldDecrementDesiredCapacity false): AccessDenied",
            plan.Actions[1].Outcome);
        Assert.All(plan.Actions.Skip(2), a => Assert.Equal("not done (an earlier step failed)", a.Outcome));
        Assert.DoesNotContain("CreateSecurityGroup", server.Actions);
    }

    [Fact]
    public async Task An_instance_the_group_is_already_terminating_is_said_not_acted_on()
    {
        using var server = new FakeAwsServer(Sample) { AutoScalingLifecycle = "Terminating:Wait" };
        var account = InstanceContainmentTests.Connect(server);

        var plan = await InstanceAcquisition.RunAsync(account, account, account, Instance, Acquire(AutoScalingHold.Detach), Now, execute: true);

        var note = Assert.Single(plan.Actions, a => a.Action == "Auto Scaling group");
        Assert.Equal("not possible", note.Outcome);
        Assert.Contains("the group is already terminating it", note.Detail);
        Assert.DoesNotContain("DetachInstances", server.Actions);
    }

    [Fact]
    public async Task A_snapshot_without_a_describe_auto_scaling_instances_answer_says_not_known_and_one_without_the_instance_says_no_group()
    {
        var without = Copy("without", except: "describe-auto-scaling-instances.json");
        var other = Copy("other", except: "describe-auto-scaling-instances.json");
        File.WriteAllText(Path.Combine(other, "asg.json"), """{"AutoScalingInstances": []}""");
        var root = new EvidenceRoot(_temp.Combine("evidence"));

        var unknown = await InstanceContainment.RunAsync(new AccountSnapshot(root, "without"), null, Instance, new InstanceContainmentOptions(), Now, execute: false);
        var none = await InstanceContainment.RunAsync(new AccountSnapshot(root, "other"), null, Instance, new InstanceContainmentOptions(), Now, execute: false);
        var sample = await InstanceAcquisition.RunAsync(new AccountSnapshot(root, "sample"), null, null, Instance, Acquire(AutoScalingHold.Protect), Now, execute: false);

        Assert.Equal(("Auto Scaling group", "not known"), (unknown.Actions[0].Action, unknown.Actions[0].Outcome));
        Assert.StartsWith("not known whether an Auto Scaling group can terminate the instance: AWS snapshot without has no autoscaling describe-auto-scaling-instances answer; " +
                          $"its tag aws:autoscaling:groupName names {Group}", unknown.Actions[0].Detail);
        Assert.Equal(("Auto Scaling group", "nothing to do"), (none.Actions[0].Action, none.Actions[0].Outcome));
        Assert.StartsWith("in no Auto Scaling group", none.Actions[0].Detail);
        var planned = Assert.Single(sample.Actions);
        Assert.Equal(("scale-in protection", "planned (dry run)", $"{Instance} in {Group}"), (planned.Action, planned.Outcome, planned.Target));
    }

    /// <summary>The sample's AWS snapshot copied under evidence/<paramref name="name"/> without one file; evidence/sample is a whole copy.</summary>
    private string Copy(string name, string except)
    {
        foreach (var (folder, skip) in new[] { (name, except), ("sample", "") })
        {
            Directory.CreateDirectory(_temp.Combine("evidence", folder));
            foreach (var file in Directory.GetFiles(Sample).Where(f => Path.GetFileName(f) != skip))
            {
                File.Copy(file, _temp.Combine("evidence", folder, Path.GetFileName(file)), overwrite: true);
            }
        }

        return _temp.Combine("evidence", name);
    }
}
