using System.Text.Json;

namespace EksIr.Cli.Tests.Disk;

[Collection(ContainerdNodeCollection.Name)]
public sealed class ContainersVerbTests(ContainerdNode node) : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [ContainerdFact]
    public async Task Diff_leaves_out_the_mount_points_the_runtime_made_says_how_many_and_lists_them_marked_when_asked()
    {
        var plain = await ProcessRun.EksirAsync(_temp.Path, "diff", node.Root, "--container", ContainerdNode.AppId[..12]);
        var marked = await ProcessRun.EksirAsync(_temp.Path, "diff", node.Root, "--container", ContainerdNode.AppId[..12], "--runtime-made", "--json");

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("A /tmp/.x/miner.sh\n", plain.StdOut);
        Assert.DoesNotContain("/proc", plain.StdOut);
        Assert.Contains("4 empty mount points the runtime made left out (--runtime-made lists them)", plain.StdErr);
        Assert.True(marked.ExitCode == 0, marked.ToString());
        using var doc = JsonDocument.Parse(marked.StdOut);
        Assert.Equal(["/dev", "/proc", "/run", "/sys"], doc.RootElement.EnumerateArray()
            .Where(r => r.GetProperty("runtimeMade").GetBoolean()).Select(r => r.GetProperty("path").GetString()));
    }

    [ContainerdFact]
    public async Task Containers_json_has_the_contract_fields_and_the_table_names_the_pod()
    {
        var before = EvidenceTree.Hash(node.Root);

        var json = await ProcessRun.EksirAsync(_temp.Path, "containers", node.Root, "--json");
        var table = await ProcessRun.EksirAsync(_temp.Path, "containers", node.Root);

        Assert.True(json.ExitCode == 0, json.ToString());
        // The one thing said: the manifest blob the generator removed (ctr content rm) under an image meta.db still names.
        var gone = File.ReadAllText(Path.Combine(node.Root, ".removed-manifest.txt")).Split(' ')[1].Trim()[7..];
        Assert.Equal(
            [$"warning: var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/{gone}: blob not in the content store (garbage-collected, or never fetched)",
             "1 damaged or unreadable record skipped; the rest is listed"],
            json.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
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

    [ContainerdFact]
    public async Task Diff_prints_docker_diff_lines_and_json_rows()
    {
        var text = await ProcessRun.EksirAsync(_temp.Path, "diff", node.Root, "--container", "sysdiag");
        var json = await ProcessRun.EksirAsync(_temp.Path, "diff", node.Root, "--container", ContainerdNode.AppId[..8], "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        var lines = text.StdOut.TrimEnd('\n').Split('\n');
        Assert.Contains("A /tmp/.x/miner.sh", lines);
        Assert.Contains("C /etc/sysdiag.conf", lines);
        Assert.Contains("D /var/www/index.html", lines);
        Assert.Equal(lines.Select(l => l[2..]).Order(StringComparer.Ordinal), lines.Select(l => l[2..])); // sorted by path
        using var doc = JsonDocument.Parse(json.StdOut);
        var sh = doc.RootElement.EnumerateArray().Single(r => r.GetProperty("path").GetString() == "/tmp/.x/sh");
        Assert.Equal("A", sh.GetProperty("change").GetString());
        Assert.Equal("-rwsr-xr-x", sh.GetProperty("mode").GetString());
        Assert.Equal(lines.Length, doc.RootElement.GetArrayLength());
    }

    [ContainerdFact]
    public async Task Cat_prints_the_bytes_the_container_saw_and_errors_name_the_path()
    {
        var conf = await ProcessRun.EksirAsync(_temp.Path, "cat", node.Root, "--container", "sysdiag", "/etc/sysdiag.conf");
        var deleted = await ProcessRun.EksirAsync(_temp.Path, "cat", node.Root, "--container", "sysdiag", "/var/www/index.html");
        var ambiguous = await ProcessRun.EksirAsync(_temp.Path, "cat", node.Root, "--container", "", "/etc/passwd");

        Assert.Equal("debug=true\nupload=http://203.0.113.50/drop\n", conf.StdOut);
        Assert.Equal(1, deleted.ExitCode);
        Assert.Equal("eksir cat: /var/www/index.html: no such file in container sysdiag", deleted.StdErr.Trim());
        Assert.Equal(1, ambiguous.ExitCode);
        Assert.Equal("eksir cat: --container: give a container id, id prefix or name", ambiguous.StdErr.Trim());
    }

    [Fact]
    public async Task A_folder_without_container_state_is_one_clear_error()
    {
        var result = await ProcessRun.EksirAsync(_temp.Path, "containers", _temp.Path, "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StdOut);
        Assert.Contains("no container runtime state found (looked for var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db and var/lib/docker/containers)", result.StdErr);
    }

    [Fact]
    public async Task A_corrupt_meta_db_is_reported_naming_the_file_and_nothing_crashes()
    {
        _temp.Write("node/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db", new string('x', 9000));

        var result = await ProcessRun.EksirAsync(_temp.Path, "containers", _temp.Combine("node"), "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("[]", result.StdOut.Trim());
        Assert.Contains("warning: var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db: no valid meta page", result.StdErr);
        Assert.Contains("1 damaged or unreadable record skipped", result.StdErr);
    }

    [ContainerdFact]
    public async Task Ls_and_export_work_on_the_node_collected_as_a_tar_archive()
    {
        Directory.CreateDirectory(_temp.Combine("evidence")); // the folder holding an archive is evidence: exports go elsewhere
        var archive = _temp.Combine("evidence", "node.tar.gz");
        var tar = await ProcessRun.RunAsync("tar", ["--format=pax", "--xattrs", "--xattrs-include=*", "-czf", archive, "-C", node.Root, "."], _temp.Path, TimeSpan.FromMinutes(2));
        Assert.True(tar.ExitCode == 0, tar.ToString());

        var ls = await ProcessRun.EksirAsync(_temp.Path, "ls", archive, "--container", "sysdiag", "--path", "/tmp/.x", "--hash", "--json");
        var export = await ProcessRun.EksirAsync(_temp.Path, "export", archive, "--container", "sysdiag", "--path", "/tmp/.x", "--out", _temp.Combine("out"));
        var inside = await ProcessRun.EksirAsync(_temp.Path, "export", node.Root, "--container", "sysdiag", "--path", "/etc", "--out", Path.Combine(node.Root, "x"));

        Assert.True(ls.ExitCode == 0, ls.ToString());
        using var doc = JsonDocument.Parse(ls.StdOut);
        var sh = doc.RootElement.EnumerateArray().Single(r => r.GetProperty("path").GetString() == "/tmp/.x/sh");
        foreach (var field in new[] { "path", "type", "mode", "size", "uid", "gid", "modified", "linkTarget", "layer", "layerIndex", "change", "sha256" })
        {
            Assert.True(sh.TryGetProperty(field, out _), $"missing {field}");
        }

        Assert.Equal(("-rwsr-xr-x", "A", 0), (sh.GetProperty("mode").GetString(), sh.GetProperty("change").GetString(), sh.GetProperty("layerIndex").GetInt32()));
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.StartsWith("exported 2 files", export.StdOut);
        Assert.Equal(sh.GetProperty("sha256").GetString(),
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(_temp.Combine("out", "files", "tmp", ".x", "sh")))));
        Assert.Equal(1, inside.ExitCode);
        Assert.Contains("is inside the evidence", inside.StdErr);
        Assert.False(Directory.Exists(Path.Combine(node.Root, "x")));
    }
}
