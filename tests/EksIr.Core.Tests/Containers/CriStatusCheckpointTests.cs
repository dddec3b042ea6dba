using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Core.Tests.Bolt;

namespace EksIr.Core.Tests.Containers;

/// <summary>
/// The CRI plugin's status checkpoints, <c>io.containerd.grpc.v1.cri/containers/&lt;id&gt;/status</c>. Debian's
/// containerd 1.6 here runs the CRI plugin, but without crictl (not packaged) nothing here can drive it to create a
/// container, so the files are written as containerd writes them: pkg/cri/store/container/status.go (containerd
/// commit 0c63c42f8183d13c2c106c01f5bb3560d39b3295) json.Marshal's a <c>versionedStatus{Version string; Status}</c>,
/// and Go's encoding/json puts an embedded struct's fields beside Version (no "Status" object); times are
/// time.Now().UnixNano(), unset ones 0. The expected states are that file's Status.State(): FinishedAt set → exited,
/// else StartedAt → running, else CreatedAt → created; decode refuses any Version but "v1".
/// </summary>
public sealed class CriStatusCheckpointTests : IDisposable
{
    private const string Exited = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private const string Running = "1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a";
    private const string Created = "2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b";
    private const string Future = "3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c";
    private const string Forgotten = "4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d";
    private const string Sandbox = "5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e";

    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Each_container_has_the_state_pid_times_and_exit_code_its_checkpoint_gives()
    {
        WriteMetaDb(Exited, Running, Created, Future, Sandbox);
        // An OOM-killed container: what the CRI plugin records when the task exits on an OOM event (Reason "OOMKilled", code 137).
        Checkpoint(Exited, """{"Version":"v1","Pid":4242,"CreatedAt":1795933410972527172,"StartedAt":1795933411100000001,"FinishedAt":1795933470000000999,"ExitCode":137,"Reason":"OOMKilled","Message":"","Resources":{"linux":{"memory_limit_in_bytes":67108864}}}""");
        Checkpoint(Running, """{"Version":"v1","Pid":5151,"CreatedAt":1795933410000000000,"StartedAt":1795933412000000000,"FinishedAt":0,"ExitCode":0,"Reason":"","Message":"","Resources":null}""");
        Checkpoint(Created, """{"Version":"v1","Pid":0,"CreatedAt":1795933413000000000,"StartedAt":0,"FinishedAt":0,"ExitCode":0,"Reason":"","Message":"","Resources":null}""");

        var listing = NodeContainers.List(new EvidenceRoot(_temp.Combine("node")));

        var exited = listing.Containers.Single(c => c.Id == Exited);
        Assert.Equal("exited", exited.State);
        Assert.Equal(4242, exited.RunStatus!.Pid);
        Assert.Equal("2026-11-29T06:23:31.100000001Z", exited.RunStatus.StartedAt.ToString());
        Assert.Equal("2026-11-29T06:24:30.000000999Z", exited.RunStatus.FinishedAt.ToString());
        Assert.Equal((137, "OOMKilled"), (exited.RunStatus.ExitCode, exited.RunStatus.Reason));
        Assert.Equal($"var/lib/containerd/io.containerd.grpc.v1.cri/containers/{Exited}/status", exited.RunStatus.Source);
        var running = listing.Containers.Single(c => c.Id == Running);
        Assert.Equal(("running", 5151L, (int?)null), (running.State, running.RunStatus!.Pid, running.RunStatus.ExitCode));
        Assert.Null(running.RunStatus.FinishedAt);
        var created = listing.Containers.Single(c => c.Id == Created);
        Assert.Equal(("created", (long?)null), (created.State, created.RunStatus!.Pid));
        Assert.Equal(("unknown", null), (listing.Containers.Single(c => c.Id == Sandbox).State, listing.Containers.Single(c => c.Id == Sandbox).RunStatus));
        Assert.Empty(listing.Problems);
        Assert.Equal(1, NodeStatus.Of(new EvidenceRoot(_temp.Combine("node"))).Engines.Single().Running);
    }

    [Fact]
    public void A_checkpoint_of_an_unknown_version_is_a_named_problem_and_the_container_is_kept_as_unknown()
    {
        WriteMetaDb(Future);
        Checkpoint(Future, """{"Version":"v2","Pid":1,"CreatedAt":1,"StartedAt":2,"FinishedAt":3}""");

        var listing = NodeContainers.List(new EvidenceRoot(_temp.Combine("node")));

        Assert.Equal(("unknown", null), (listing.Containers.Single().State, listing.Containers.Single().RunStatus));
        var problem = Assert.Single(listing.Problems);
        Assert.Equal(($"var/lib/containerd/io.containerd.grpc.v1.cri/containers/{Future}/status", "Version"), (problem.File, problem.Where));
        Assert.Contains("unsupported status checkpoint version 'v2'", problem.Problem);
    }

    [Theory]
    [InlineData("""{"Version":"v1","Pid":-1,"CreatedAt":5,"StartedAt":"yesterday","FinishedAt":0,"ExitCode":0,"Reason":7}""", "created", "Pid")]
    [InlineData("""{"Version":"v1","Pid":12,"CreatedAt":5,"StartedAt":6,"FinishedAt":9223372036854775807,"ExitCode":99999999999}""", "exited", "ExitCode")]
    [InlineData("""{"Version":"v1","Pid":12,"CreatedAt":5,"StartedAt":6,"FinishedAt":1e400}""", "running", "FinishedAt")]
    public void A_field_of_the_wrong_type_is_named_and_the_other_fields_are_still_read(string json, string state, string badField)
    {
        WriteMetaDb(Running);
        Checkpoint(Running, json);

        var listing = NodeContainers.List(new EvidenceRoot(_temp.Combine("node")));

        var container = listing.Containers.Single();
        Assert.Equal(state, container.State);
        Assert.Contains(listing.Problems, p => p.Where == badField && p.File.EndsWith("/status", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"Version":"v1","Pid":""", "malformed JSON")]
    [InlineData("""["v1"]""", "a status checkpoint is a JSON object")]
    [InlineData("""{"Pid":1}""", "no Version")]
    [InlineData("", "malformed JSON")]
    public void A_damaged_checkpoint_is_a_problem_and_never_loses_the_container(string json, string why)
    {
        WriteMetaDb(Running);
        Checkpoint(Running, json);

        var listing = NodeContainers.List(new EvidenceRoot(_temp.Combine("node")));

        Assert.Equal("unknown", listing.Containers.Single().State);
        Assert.Contains(why, Assert.Single(listing.Problems).Problem);
    }

    [Fact]
    public void A_checkpoint_larger_than_a_mebibyte_is_refused_by_size()
    {
        WriteMetaDb(Running);
        Checkpoint(Running, """{"Version":"v1","Message":" """ + new string('x', 1 << 20) + "\"}");

        var listing = NodeContainers.List(new EvidenceRoot(_temp.Combine("node")));

        Assert.Equal("unknown", listing.Containers.Single().State);
        Assert.Contains("more than the 1048576 this reader loads", Assert.Single(listing.Problems).Problem);
    }

    [Fact]
    public void A_checkpoint_that_outlived_its_container_record_is_listed_as_removed_with_its_times()
    {
        WriteMetaDb(Running);
        Checkpoint(Forgotten, """{"Version":"v1","Pid":77,"CreatedAt":1795933410000000000,"StartedAt":1795933411000000000,"FinishedAt":1795933412000000000,"ExitCode":1,"Reason":"Error","Message":"","Resources":null}""");

        var listing = NodeContainers.List(new EvidenceRoot(_temp.Combine("node")));

        var forgotten = listing.Containers.Single(c => c.Id == Forgotten);
        Assert.Equal(("removed", "2026-11-29T06:23:30Z", 1, "Error"),
            (forgotten.State, forgotten.CreatedAt.ToString(), forgotten.RunStatus!.ExitCode, forgotten.RunStatus.Reason));
    }

    private void Checkpoint(string id, string json) =>
        _temp.Write($"node/var/lib/containerd/io.containerd.grpc.v1.cri/containers/{id}/status", json);

    /// <summary>A meta.db with CRI-labelled containers in k8s.io (the last one given a sandbox when named <see cref="Sandbox"/>).</summary>
    private void WriteMetaDb(params string[] ids)
    {
        var builder = new BoltFileBuilder();
        var containers = builder.Root.Sub("v1").Sub("k8s.io").Sub("containers");
        foreach (var id in ids)
        {
            var container = containers.Sub(id);
            container.Put("image", "registry.example/app:1");
            container.Sub("labels").Put("io.cri-containerd.kind", id == Sandbox ? "sandbox" : "container")
                .Put("io.kubernetes.container.name", id == Sandbox ? "POD" : "app-" + id[..4]).Put("io.kubernetes.pod.name", "web")
                .Put("io.kubernetes.pod.namespace", "default").Put("io.kubernetes.pod.uid", "9c1d2e3f-0000-4000-8000-000000000001");
        }

        var path = _temp.Write("node/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db", "");
        File.WriteAllBytes(path, builder.Build());
    }
}
