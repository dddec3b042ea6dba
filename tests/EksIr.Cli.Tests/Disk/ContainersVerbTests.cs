using System.Text.Json;

namespace EksIr.Cli.Tests.Disk;

[Collection(ContainerdNodeCollection.Name)]
public sealed class ContainersVerbTests(ContainerdNode node) : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [ContainerdFact]
    public async Task Containers_json_has_the_contract_fields_and_the_table_names_the_pod()
    {
        var before = EvidenceTree.Hash(node.Root);

        var json = await ProcessRun.EksirAsync(_temp.Path, "containers", node.Root, "--json");
        var table = await ProcessRun.EksirAsync(_temp.Path, "containers", node.Root);

        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal("", json.StdErr);
        using var doc = JsonDocument.Parse(json.StdOut);
        var app = doc.RootElement.EnumerateArray().Single(c => c.GetProperty("id").GetString() == ContainerdNode.AppId);
        foreach (var field in new[] { "id", "name", "runtime", "namespace", "image", "imageId", "state", "createdAt", "kind", "pod", "containerName", "labels" })
        {
            Assert.True(app.TryGetProperty(field, out _), $"missing {field}");
        }

        Assert.Equal("containerd", app.GetProperty("runtime").GetString());
        Assert.Equal("container", app.GetProperty("kind").GetString());
        Assert.Equal("sysdiag", app.GetProperty("pod").GetProperty("name").GetString());
        Assert.Equal(ContainerdNode.PodUid, app.GetProperty("pod").GetProperty("uid").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$", app.GetProperty("createdAt").GetString());
        Assert.Equal("default", app.GetProperty("labels").GetProperty("io.kubernetes.pod.namespace").GetString());

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("default/sysdiag", table.StdOut);
        Assert.Contains(ContainerdNode.AppId[..12], table.StdOut);
        Assert.Equal(before, EvidenceTree.Hash(node.Root));
    }

    [Fact]
    public async Task A_folder_without_container_state_is_one_clear_error()
    {
        var result = await ProcessRun.EksirAsync(_temp.Path, "containers", _temp.Path, "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StdOut);
        Assert.Contains("no container runtime state found (looked for var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db)", result.StdErr);
    }

    [Fact]
    public async Task A_corrupt_meta_db_is_reported_naming_the_file_and_nothing_crashes()
    {
        _temp.Write("node/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db", new string('x', 9000));

        var result = await ProcessRun.EksirAsync(_temp.Path, "containers", _temp.Combine("node"), "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("[]", result.StdOut.Trim());
        Assert.Contains("warning: var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db: no valid meta page", result.StdErr);
        Assert.Contains("1 damaged or unreadable record(s) skipped", result.StdErr);
    }
}
