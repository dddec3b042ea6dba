using System.Text.Json;

namespace EksIr.Cli.Tests.Disk;

/// <summary>
/// An incident's evidence with two node archives under node/ (the two samples, one made by containerd, one by dockerd):
/// a disk verb given the evidence reads the node --node names (by name or path) and says which; with none named it lists
/// them instead of choosing; with one, it reads that one and says so.
/// </summary>
public sealed class SeveralNodesTests : IDisposable
{
    private const string Containerd = "ip-192-168-23-107.us-west-2.compute.internal";
    private const string Docker = "shop-node";
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Evidence(bool both = true)
    {
        var evidence = Directory.CreateDirectory(_temp.Combine("evidence", "node")).Parent!.FullName;
        File.Copy(Repo.Path("sample-data", "incident-1", "node", Containerd + ".tar.gz"), Path.Combine(evidence, "node", Containerd + ".tar.gz"));
        if (both)
        {
            File.Copy(Repo.Path("sample-data", "docker-node", Docker + ".tar.gz"), Path.Combine(evidence, "node", Docker + ".tar.gz"));
        }

        return evidence;
    }

    [Fact]
    public async Task With_two_node_archives_and_none_named_the_verb_lists_them_and_reads_none()
    {
        var evidence = Evidence();

        var result = await ProcessRun.EksirAsync(_temp.Path, "containers", evidence);
        var unknown = await ProcessRun.EksirAsync(_temp.Path, "containers", evidence, "--node", "ip-10-9-9-9");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StdOut);
        Assert.Contains($"node/: holds 2 node disks: {Containerd} (node/{Containerd}.tar.gz), {Docker} (node/{Docker}.tar.gz); name the one to read with --node NAME", result.StdErr);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains($"ip-10-9-9-9: no such node archive or folder; node/ holds {Containerd} (node/{Containerd}.tar.gz), {Docker} (node/{Docker}.tar.gz)", unknown.StdErr);
    }

    [Fact]
    public async Task The_node_named_by_name_or_path_is_read_and_said()
    {
        var evidence = Evidence();

        var docker = await ProcessRun.EksirAsync(_temp.Path, "containers", evidence, "--node", Docker, "--json");
        var containerd = await ProcessRun.EksirAsync(_temp.Path, "containers", evidence, "--node", $"node/{Containerd}.tar.gz", "--json");
        var diff = await ProcessRun.EksirAsync(_temp.Path, "diff", evidence, "--node", Docker, "--container", "web");

        Assert.True(docker.ExitCode == 0, docker.ToString());
        Assert.Contains($"read node {Docker} (node/{Docker}.tar.gz)", docker.StdErr);
        Assert.True(containerd.ExitCode == 0, containerd.ToString());
        Assert.Contains($"read node {Containerd} (node/{Containerd}.tar.gz)", containerd.StdErr);
        // What each sample's README says its node ran.
        Assert.Equal(["docker"], Runtimes(docker.StdOut));
        Assert.Contains(ContainerNames(docker.StdOut), n => n.StartsWith("k8s_web_shop-7d9f_default_", StringComparison.Ordinal));
        Assert.Equal(["containerd"], Runtimes(containerd.StdOut));
        Assert.Contains("sysdiag", ContainerNames(containerd.StdOut));
        Assert.True(diff.ExitCode == 0, diff.ToString());
        Assert.Contains("D /etc/passwd\n", diff.StdOut); // the README: the intruder deleted /etc/passwd in web
    }

    [Fact]
    public async Task With_one_node_archive_it_is_read_and_said()
    {
        var evidence = Evidence(both: false);

        var result = await ProcessRun.EksirAsync(_temp.Path, "containers", evidence, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"read node {Containerd} (node/{Containerd}.tar.gz)", result.StdErr);
        Assert.Contains("sysdiag", ContainerNames(result.StdOut));
    }

    private static string[] Runtimes(string json) =>
        [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(c => c.GetProperty("runtime").GetString()!).Distinct().Order(StringComparer.Ordinal)];

    private static string[] ContainerNames(string json) =>
        [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];
}
