using Amazon.Runtime;
using EksIr.Cloud.Aws;
using EksIr.Core.Evidence;

namespace EksIr.Core.Tests.Aws;

/// <summary>Instance containment against the loopback AWS endpoint: the dry run only reads, execute sends exactly the
/// Auto Scaling detach, isolation, revocation and profile detach calls (all SigV4-signed), a re-run repeats nothing, a
/// failure stops the plan.</summary>
public sealed class InstanceContainmentTests
{
    private static readonly string Snapshot = Repo.Path("sample-data", "incident-1", "aws");
    private const string Instance = "i-0c7d2e91b4a6f3508";
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 30, 0, TimeSpan.Zero);

    internal static LiveAccount Connect(FakeAwsServer server) =>
        LiveAccount.Connect(new AwsConnection("us-west-2", null, server.Url), new BasicAWSCredentials(FakeAwsServer.AccessKey, FakeAwsServer.SecretKey));

    [Fact]
    public async Task The_dry_run_reads_and_plans_every_step_and_changes_nothing()
    {
        using var server = new FakeAwsServer(Snapshot);
        var account = Connect(server);

        var plan = await InstanceContainment.RunAsync(account, account, Instance, new InstanceContainmentOptions(), Now, execute: false);

        Assert.Equal(["detach from Auto Scaling group", "isolation security group", "swap security groups", "swap security groups", "revoke role sessions", "detach instance profile"],
            plan.Actions.Select(a => a.Action));
        Assert.All(plan.Actions, a => Assert.Equal("planned (dry run)", a.Outcome));
        Assert.All(server.Actions, a => Assert.Matches("^(Describe|Get)", a));
        Assert.All(server.Calls, c => Assert.True(c.Signed, $"{c.Action}: {c.Scope}"));
        Assert.Equal("i-0c7d2e91b4a6f3508 from eks-ng-1-a4c6e8f0-1b2c-3d4e-5f60-718293a4b5c6", plan.Actions[0].Target);
        Assert.Equal("groups: sg-0aa11bb22cc33dd44 (eks-cluster-sg-eksworkshop-eksctl-1234567890), sg-0ee55ff66aa77bb88 (eksctl-eksworkshop-eksctl-nodegroup-ng-1-remoteAccess)",
            plan.Actions[2].Before);
        Assert.Equal("aws ec2 modify-network-interface-attribute --network-interface-id eni-0f1e2d3c4b5a69788 --groups sg-0aa11bb22cc33dd44 sg-0ee55ff66aa77bb88",
            plan.Actions[2].Rollback);
        Assert.Contains("\"aws:TokenIssueTime\":\"2026-11-29T08:30:00Z\"", plan.Actions[4].Detail);
        Assert.Equal("role eksctl-eksworkshop-eksctl-nodegroup-ng-1-NodeInstanceRole", plan.Actions[4].Target);
        Assert.Equal("aws iam delete-role-policy --role-name eksctl-eksworkshop-eksctl-nodegroup-ng-1-NodeInstanceRole --policy-name AWSRevokeOlderSessions", plan.Actions[4].Rollback);
        Assert.Contains("iip-assoc-0f9e8d7c6b5a43210", plan.Actions[5].Detail);
    }

    [Fact]
    public async Task Execute_sends_exactly_the_isolation_revocation_and_detach_calls_and_a_second_run_repeats_nothing()
    {
        using var server = new FakeAwsServer(Snapshot);
        var account = Connect(server);
        var revokeBefore = new DateTimeOffset(2026, 11, 29, 6, 0, 0, TimeSpan.Zero);

        var plan = await InstanceContainment.RunAsync(account, account, Instance, new InstanceContainmentOptions(RevokeSessionsBefore: revokeBefore), Now, execute: true);

        Assert.False(plan.Failed);
        Assert.Equal(["done", "done", "done", "done", "done", "done", "done"], plan.Actions.Select(a => a.Outcome));
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/IncidentResponder/analyst (account 111122223333)", plan.Actions[0].Detail);
        var changes = server.Calls.Where(c => !c.Action.StartsWith("Describe", StringComparison.Ordinal) && !c.Action.StartsWith("Get", StringComparison.Ordinal)).ToList();
        Assert.Equal("DetachInstances", changes[0].Action);
        Assert.Equal("false", changes[0].Parameters["ShouldDecrementDesiredCapacity"]);
        changes.RemoveAt(0);
        Assert.Equal(["CreateSecurityGroup", "RevokeSecurityGroupEgress", "ModifyNetworkInterfaceAttribute", "ModifyNetworkInterfaceAttribute", "PutRolePolicy", "DisassociateIamInstanceProfile"],
            changes.Select(c => c.Action));
        var group = server.SecurityGroups["eksir-isolation"].Id;
        Assert.Equal(server.VpcId, changes[0].Parameters["VpcId"]);
        Assert.Equal(group, changes[1].Parameters["GroupId"]);
        Assert.Equal("-1", changes[1].Parameters["IpPermissions.1.IpProtocol"]);
        Assert.Equal("0.0.0.0/0", changes[1].Parameters["IpPermissions.1.IpRanges.1.CidrIp"]);
        Assert.False(server.GroupHasEgress[group]);
        Assert.All(server.InterfaceGroups.Values, g => Assert.Equal([group], g));
        Assert.Equal("eksctl-eksworkshop-eksctl-nodegroup-ng-1-NodeInstanceRole", changes[4].Parameters["RoleName"]);
        Assert.Equal("AWSRevokeOlderSessions", changes[4].Parameters["PolicyName"]);
        Assert.Equal("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"*\"],\"Resource\":[\"*\"],\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"2026-11-29T06:00:00Z\"}}}]}",
            changes[4].Parameters["PolicyDocument"]);
        Assert.Equal("iip-assoc-0f9e8d7c6b5a43210", changes[5].Parameters["AssociationId"]);
        Assert.Null(server.Association);
        Assert.All(server.Calls, c => Assert.True(c.Signed, $"{c.Action}: {c.Scope}"));
        Assert.Contains(server.Calls, c => c.Service == "iam" && c.Scope.StartsWith("iam/us-east-1", StringComparison.Ordinal));
        Assert.Contains(server.Calls, c => c.Service == "ec2" && c.Scope.StartsWith("ec2/us-west-2", StringComparison.Ordinal));

        var before = server.Calls.Count;
        var again = await InstanceContainment.RunAsync(account, account, Instance, new InstanceContainmentOptions(RevokeSessionsBefore: revokeBefore), Now, execute: true);

        Assert.Equal(["done", "nothing to do", "already in place", "already in place", "already in place", "nothing to do", "already in place"], again.Actions.Select(a => a.Outcome));
        Assert.Contains("a revocation made earlier stays on the role", again.Actions[5].Detail);
        Assert.All(server.Calls.Skip(before), c => Assert.Matches("^(Describe|Get)", c.Action));
    }

    [Fact]
    public async Task A_refused_call_stops_the_plan_and_says_what_was_done_and_what_was_not()
    {
        using var server = new FakeAwsServer(Snapshot);
        server.Fail("ModifyNetworkInterfaceAttribute", "UnauthorizedOperation", 403, message: "You are not authorized to perform this operation.");
        var account = Connect(server);

        var plan = await InstanceContainment.RunAsync(account, account, Instance, new InstanceContainmentOptions(), Now, execute: true);

        Assert.True(plan.Failed);
        Assert.Equal(["done", "done", "done", "failed", "not done (an earlier step failed)", "not done (an earlier step failed)", "not done (an earlier step failed)"],
            plan.Actions.Select(a => a.Outcome.StartsWith("failed", StringComparison.Ordinal) ? "failed" : a.Outcome));
        Assert.Contains("ModifyNetworkInterfaceAttribute eni-0f1e2d3c4b5a69788: UnauthorizedOperation", plan.Actions[3].Outcome);
        Assert.DoesNotContain(server.Actions, a => a is "PutRolePolicy" or "DisassociateIamInstanceProfile");
        Assert.NotNull(server.Association);
    }

    [Fact]
    public async Task Throttled_calls_are_retried_and_an_unknown_instance_is_named()
    {
        using var server = new FakeAwsServer(Snapshot);
        server.Fail("DescribeInstances", "RequestLimitExceeded", 503, times: 2, message: "Request limit exceeded.");
        server.Fail("GetInstanceProfile", "Throttling", 400, times: 2, message: "Rate exceeded");
        var account = Connect(server);

        var plan = await InstanceContainment.RunAsync(account, account, Instance, new InstanceContainmentOptions(), Now, execute: false);
        var missing = await Assert.ThrowsAsync<AwsActionException>(() => InstanceContainment.RunAsync(account, account, "i-0000000000000dead", new InstanceContainmentOptions(), Now, false));

        Assert.Equal(6, plan.Actions.Count);
        Assert.Equal(4, server.Actions.Count(a => a == "DescribeInstances")); // 2 throttled + 1 answered, then the unknown instance
        Assert.Equal(3, server.Actions.Count(a => a == "GetInstanceProfile"));
        Assert.Contains("DescribeInstances i-0000000000000dead: InvalidInstanceID.NotFound", missing.Message);
    }

    [Fact]
    public async Task A_snapshot_of_the_account_gives_the_same_dry_run_and_refuses_execute()
    {
        var (root, path) = EvidenceFile.Locate(Snapshot);
        var snapshot = new AccountSnapshot(root, path, "aws");
        using var server = new FakeAwsServer(Snapshot);
        var account = Connect(server);

        var offline = await InstanceContainment.RunAsync(snapshot, null, Instance, new InstanceContainmentOptions(), Now, execute: false);
        var live = await InstanceContainment.RunAsync(account, account, Instance, new InstanceContainmentOptions(), Now, execute: false);
        var refused = await Assert.ThrowsAsync<AwsActionException>(() => InstanceContainment.RunAsync(snapshot, null, Instance, new InstanceContainmentOptions(), Now, true));

        Assert.Empty(snapshot.Problems);
        Assert.Equal(live.Actions.Select(a => (a.Action, a.Target, a.Detail, a.Before, a.Rollback, a.Outcome)),
            offline.Actions.Select(a => (a.Action, a.Target, a.Detail, a.Before, a.Rollback, a.Outcome)));
        Assert.Contains("a snapshot cannot be changed", refused.Message);
    }
}
