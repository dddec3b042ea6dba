using EksIr.Investigation.Entities;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Tests;

public class EntityChainTests
{
    private static async Task<EntityGraph> Graph() => new((await SampleIncident.Timeline).Events);

    [Fact]
    public async Task From_the_leaked_access_key_the_chain_reaches_the_pod_its_containers_and_the_processes_with_the_rows_behind_each_link()
    {
        var graph = await Graph();
        var key = EntityLookup.Resolve(graph.Entities, "AKIA5DEVINTERN7EXMPL");

        var chain = graph.Chain(key);

        var arn = chain.Find(new EntityRef(EntityKinds.IamArn, "arn:aws:iam::111122223333:user/dev-intern"))!;
        Assert.Equal(1, arn.Hops);
        Assert.Contains(arn.Evidence, e => e is { Source: TimelineSources.CloudTrail, Action: "GetCallerIdentity" });
        Assert.Contains(arn.Evidence, e => e is { Source: TimelineSources.ControlPlane, Action: "authenticate" }); // ARN → user via the authenticator
        var user = chain.Find(new EntityRef(EntityKinds.KubernetesUser, "dev-intern"))!;
        Assert.Contains(user.Evidence, e => e is { Source: TimelineSources.ControlPlane, Action: "authenticate" });
        var pod = chain.Find(new EntityRef(EntityKinds.Pod, "default/sysdiag"))!;
        Assert.Equal(["create pods", "create pods/exec", "create pods/exec"], pod.Evidence.Select(e => e.Action));

        var container = new EntityRef(EntityKinds.Container, "8e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f");
        var path = chain.PathTo(container);
        Assert.Equal([key, pod.Entity, container], path.Select(s => s.Entity));
        Assert.Contains(path[^1].Evidence, e => e is { Source: TimelineSources.Containerd, Action: "container created" }); // containerd's pod labels
        var shell = chain.PathTo(new EntityRef(EntityKinds.Process, "5120"));
        Assert.Equal(TimelineSources.Memory, Assert.Single(shell[^1].Evidence.Select(e => e.Source).Distinct()));
        Assert.Contains(new EntityRef("k8s-user", "system:kube-scheduler"), chain.NotFollowed); // reached, not gone through
        Assert.Null(chain.Find(new EntityRef(EntityKinds.Pod, "default/web-5d8f7c9b4-q2w3e"))); // another node's pod is no part of it
    }

    [Fact]
    public async Task From_the_shims_pid_one_link_reaches_the_pods_sandbox_and_container_and_the_processes_under_it()
    {
        var graph = await Graph();
        var shim = EntityLookup.Resolve(graph.Entities, "4711");

        var chain = graph.Chain(shim, maxHops: 1);

        Assert.Equal(new EntityRef(EntityKinds.Process, "4711"), shim);
        Assert.Equal(["container:5d9a0b7c1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b", "container:8e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f",
            "pid:4730", "pid:4790", "pid:5120"],
            chain.Steps.Where(s => s.Hops == 1 && s.Entity.Kind is EntityKinds.Container or EntityKinds.Process).Select(s => s.Entity.ToString()));
        Assert.NotEmpty(chain.Beyond);
        Assert.Contains("raise the hop limit", chain.Summary);
    }

    [Theory]
    [InlineData("sysdiag", "pod:default/sysdiag")]
    [InlineData("8e1f2a3b", "container:8e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f")]
    [InlineData("pid:5310", "pid:5310")]
    [InlineData("203.0.113.50", "ip:203.0.113.50")]
    [InlineData("dev-intern", "k8s-user:dev-intern")]
    public async Task What_the_analyst_types_names_one_entity(string typed, string expected)
    {
        var graph = await Graph();
        Assert.Equal(expected, EntityLookup.Resolve(graph.Entities, typed).ToString());
    }

    [Theory]
    [InlineData("nosuch", "names no entity")]
    [InlineData("8e1f", "names no entity")] // a prefix shorter than 6 characters is not taken
    [InlineData("pod:nosuch", "names no entity")]
    public async Task An_unknown_or_ambiguous_identifier_is_an_error_that_says_so(string typed, string message)
    {
        var graph = await Graph();
        Assert.Contains(message, Assert.Throws<InvestigationException>(() => EntityLookup.Resolve(graph.Entities, typed)).Message);
    }

    [Fact]
    public void Two_entities_with_one_value_must_be_told_apart()
    {
        var events = new[]
        {
            new IncidentEvent(new EksIr.Core.Time.PreciseTime(1, 0), "memory", "x", "x", [new EntityRef(EntityKinds.Process, "905"), new EntityRef(EntityKinds.Container, "905")],
                new EvidenceRef("f", ""), "a"),
        };
        var graph = new EntityGraph(events);
        var error = Assert.Throws<InvestigationException>(() => EntityLookup.Resolve(graph.Entities, "905"));
        Assert.Contains("container:905, pid:905", error.Message);
        Assert.Equal(new EntityRef(EntityKinds.Process, "905"), EntityLookup.Resolve(graph.Entities, "pid:905"));
    }
}
