namespace EksIr.Logs.Tests;

/// <summary>
/// The playbook's control-plane templates on lines the components really wrote, made by others (tests/RealWorld/PROVENANCE.md,
/// "Control-plane component logs"): an EKS cluster of March 2023 as CloudWatch's S3 export holds it (DISH's devex-sdk test
/// data, Apache-2.0: kube-scheduler, kube-controller-manager, cloud-controller-manager, authenticator, kube-apiserver), an
/// EKS authenticator's "access granted" and "STS response" lines of December 2025 (streamfold's rotel-lambda-forwarder
/// tests, Apache-2.0) and a kind cluster's kube-scheduler of March 2026 (kubernetes-sigs/kueue, Apache-2.0). Every expected
/// value is read off the sample with grep, cut or jq (the command and its output are beside each test).
/// </summary>
public sealed class RealWorldControlPlaneTests : ControlPlaneSampleTests
{
    public RealWorldControlPlaneTests() => CopySamples("dish-devex-sdk-eks-2023", "rotel-eks-authenticator", "kueue-kind-scheduler");

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Pod_to_node_reads_an_eks_schedulers_binding_line(string mode)
    {
        // grep -o 'pod="[^"]*" node="[^"]*"' dish-devex-sdk-eks-2023/kube-scheduler/000000
        //   pod="openverso/ueransim-gnb-84c9b57c64-tz46g" node="ip-10-0-102-34.ec2.internal"
        // cut -d' ' -f1 dish-devex-sdk-eks-2023/kube-scheduler/000000   → 2023-03-23T15:07:05.000Z
        using var logs = Logs(mode);

        var rows = await RunAsync(logs, "pod-to-node", new() { ["pod"] = "openverso/ueransim-gnb-84c9b57c64-tz46g" }, "@timestamp", "pod", "node");

        Assert.Equal(["2023-03-23T15:07:05.000Z|openverso/ueransim-gnb-84c9b57c64-tz46g|ip-10-0-102-34.ec2.internal"], rows);
    }

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Pod_to_node_reads_a_kind_schedulers_binding_line_of_2026(string mode)
    {
        // grep -o 'pod="[^"]*" node="[^"]*"' kueue-kind-scheduler/kube-scheduler-kind-control-plane/000000
        //   pod="kueue-system/kueue-controller-manager-787d6db649-sfhqv" node="kind-worker2"
        using var logs = Logs(mode);

        var rows = await RunAsync(logs, "pod-to-node", new() { ["pod"] = "kueue-system/kueue-controller-manager-787d6db649-sfhqv" }, "@timestamp", "pod", "node");

        Assert.Equal(["2026-03-02T08:28:59.236Z|kueue-system/kueue-controller-manager-787d6db649-sfhqv|kind-worker2"], rows);
    }

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Pod_scheduling_gives_the_schedulers_line_for_the_pod_as_it_was_written(string mode)
    {
        // cut -d' ' -f2- dish-devex-sdk-eks-2023/kube-scheduler/000000
        using var logs = Logs(mode);

        var rows = await RunAsync(logs, "pod-scheduling", new() { ["pod"] = "openverso/ueransim-gnb-84c9b57c64-tz46g" }, "@timestamp", "@message");

        Assert.Equal(["2023-03-23T15:07:05.000Z|I0323 15:07:05.946516      12 schedule_one.go:266] \"Successfully bound pod to node\" " +
                      "pod=\"openverso/ueransim-gnb-84c9b57c64-tz46g\" node=\"ip-10-0-102-34.ec2.internal\" evaluatedNodes=6 feasibleNodes=6"], rows);
    }

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Node_launch_finds_the_cloud_controller_managers_line_naming_the_node(string mode)
    {
        // grep -rl 'ip-10-0-101-15.ec2.internal' .   → ./dish-devex-sdk-eks-2023/cloud-controller-manager/000000 (only)
        // cut -d' ' -f2- dish-devex-sdk-eks-2023/cloud-controller-manager/000000
        using var logs = Logs(mode);

        var rows = await RunAsync(logs, "node-launch", new() { ["node"] = "ip-10-0-101-15.ec2.internal" }, "@timestamp", "@logStream", "@message");

        Assert.Equal(["2023-03-23T15:02:49.000Z|cloud-controller-manager|I0323 15:02:49.728729      11 tagging_controller.go:152] " +
                      "Skip putting node ip-10-0-101-15.ec2.internal in work queue since it was already tagged earlier."], rows);
    }

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Node_to_instance_finds_no_instance_in_a_line_that_names_none(string mode)
    {
        // The one cloud-controller-manager line names the node but no instance (grep -c 'i-[0-9a-f]' on it → 0); the
        // template must not make one up from the authenticator's STS line, which names an instance (session=i-0429e7bc1c0bb2932).
        using var logs = Logs(mode);

        var rows = await RunAsync(logs, "node-to-instance", new() { ["node"] = "ip-10-0-101-15.ec2.internal" }, "node", "instance");

        Assert.Empty(rows);
    }

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Iam_to_user_maps_eks_addon_managers_role_and_counts_no_sts_line_as_a_login(string mode)
    {
        // jq -r 'select(.message|contains("access granted")) | [(.timestamp/1000|todate), (.message|capture("arn=\"(?<a>[^\"]+)\"").a),
        //        (.message|capture("username=\"(?<u>[^\"]+)\"").u)] | join("|")' rotel-eks-authenticator/authenticator.jsonl
        //   2025-12-24T19:48:32Z|arn:aws:iam::927209226484:role/AWSWesleyClusterManagerLambda-Add-AddonManagerRole-1CRTQUJF13T5U|eks:addon-manager
        // grep -rc 'access granted' .   → 1 in rotel-eks-authenticator/authenticator.jsonl, 0 elsewhere (the two STS response lines)
        using var logs = Logs(mode);

        var rows = await RunAsync(logs, "iam-to-user", [], "arn", "username", "logins", "first", "last");

        Assert.Equal(["arn:aws:iam::927209226484:role/AWSWesleyClusterManagerLambda-Add-AddonManagerRole-1CRTQUJF13T5U|eks:addon-manager|1|" +
                      "2025-12-24T19:48:32.000Z|2025-12-24T19:48:32.000Z"], rows);
    }
}
