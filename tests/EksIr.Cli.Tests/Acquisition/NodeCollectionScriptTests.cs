using System.IO.Compression;
using System.Text;
using System.Text.Json;
using EksIr.Cloud.Aws;
using EksIr.Core.Evidence;
using EksIr.Disk.Containers;

namespace EksIr.Cli.Tests.Acquisition;

/// <summary>
/// The node collection script run for real (POSIX sh, GNU tar, gzip, tee, sha256sum) over the root of a node made by
/// the real containerd, as on an analysis instance over the node's mounted volume (--root), with a stand-in for S3
/// (<see cref="FakeS3"/>): the hash it prints is sha256sum's, GNU tar lists the archive's pax members, and the disk verbs
/// — the engine and eksir — read the archive and find the containers ctr listed when the node was made.
/// </summary>
[Collection(ContainerdNodeCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ContainerdNodeCollectionScriptTests(ContainerdNode node) : IDisposable
{
    private const string To = "s3://ir-evidence-111122223333/case-1/node/ip-10-0-1-2.ec2.internal.tar.gz";
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [ContainerdFact]
    public async Task The_script_acquire_node_prints_streams_the_node_to_s3_with_its_sha256_and_the_disk_verbs_find_what_ctr_listed()
    {
        var before = EvidenceTree.Hash(node.Root);
        var s3 = new FakeS3(_temp);

        var printed = await ProcessRun.EksirAsync(_temp.Path, "acquire", "node", "--to", To, "--root", node.Root, "--print-script");
        Assert.True(printed.ExitCode == 0, printed.ToString());
        Assert.StartsWith("#!/bin/sh\nset -eu\n", printed.StdOut);
        var run = await s3.RunAsync(printed.StdOut, _temp.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        var archive = s3.Object(To);
        var result = NodeCollectionScript.Result(run.StdOut);
        Assert.NotNull(result);
        var sum = await ProcessRun.RunAsync("sha256sum", [archive], _temp.Path, TimeSpan.FromMinutes(1));
        Assert.Equal(sum.StdOut.Split(' ')[0], result.Sha256);
        Assert.Equal(new FileInfo(archive).Length, result.Bytes);
        Assert.Equal((To, 0), (result.Uri, result.TarExit));
        Assert.Contains("var/lib/docker", result.Missing); // a containerd-only node
        var check = await ProcessRun.RunAsync("sha256sum", ["-c", "ip-10-0-1-2.ec2.internal.tar.gz.sha256"], Path.GetDirectoryName(archive)!, TimeSpan.FromMinutes(1));
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains($"bytes={result.Bytes}\n", File.ReadAllText(archive + ".collection.txt"));

        // GNU tar lists it: names relative to the node's root, the overlay whiteout of the deleted file a 0,0 character device.
        var names = await ProcessRun.RunAsync("tar", ["-tf", archive], _temp.Path, TimeSpan.FromMinutes(1));
        var verbose = await ProcessRun.RunAsync("tar", ["--xattrs", "-tvf", archive], _temp.Path, TimeSpan.FromMinutes(1));
        Assert.True(verbose.ExitCode == 0, verbose.ToString());
        Assert.Contains("var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db", names.StdOut.Split('\n'));
        Assert.Contains(names.StdOut.Split('\n'), n => n.StartsWith("var/log/pods/default_sysdiag_", StringComparison.Ordinal));
        Assert.All(names.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries), n => Assert.Contains(NodeCollectionScript.Paths, p => n == p || n.StartsWith(p + "/", StringComparison.Ordinal)));
        Assert.Contains(verbose.StdOut.Split('\n'), l => l.StartsWith("c---------", StringComparison.Ordinal) && l.Contains(" 0,0 ", StringComparison.Ordinal) && l.EndsWith("/fs/var/www/index.html", StringComparison.Ordinal));
        AssertPax(archive);

        // The disk verbs read the archive: the containers ctr listed when the node was made (its own output, kept beside the node).
        var ctr = File.ReadAllLines(Path.Combine(node.Root, ".ctr-containers.txt")).Skip(1).Select(l => l.Split(' ')[0]).Order(StringComparer.Ordinal).ToList();
        var listing = NodeContainers.List(EvidenceRoot.Open(archive));
        Assert.Equal(ctr, listing.Containers.Where(c => c.State != "removed").Select(c => c.Id).Order(StringComparer.Ordinal));
        var json = await ProcessRun.EksirAsync(_temp.Path, "containers", archive, "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.StdOut);
        Assert.Equal(ctr, doc.RootElement.EnumerateArray().Where(c => c.GetProperty("state").GetString() != "removed")
            .Select(c => c.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        var (_, fs) = ContainerFilesystems.Open(EvidenceRoot.Open(archive), "sysdiag");
        Assert.Contains(EksIr.Disk.Containers.Overlay.OverlayDiff.Changes(fs), c => $"{c.Change} {c.Path}" == "D /var/www/index.html");
        var diff = await ProcessRun.EksirAsync(_temp.Path, "diff", archive, "--container", "sysdiag");
        Assert.True(diff.ExitCode == 0, diff.ToString());
        Assert.Contains("D /var/www/index.html\n", diff.StdOut); // what the generator's intrusion deleted
        Assert.Contains("A /tmp/.x/miner.sh\n", diff.StdOut);

        Assert.Equal(before, EvidenceTree.Hash(node.Root));
    }

    /// <summary>POSIX pax (not GNU's own format): the first header is a pax extended header ('x') with the magic "ustar\0" and version "00".</summary>
    internal static void AssertPax(string archive)
    {
        using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        var header = new byte[512];
        gzip.ReadExactly(header);
        Assert.Equal((byte)'x', header[156]);
        Assert.Equal("ustar\000", Encoding.ASCII.GetString(header, 257, 8));
    }
}

/// <summary>The same script over a node made by the real dockerd, its named pipes in a scratch folder left empty.</summary>
[Collection(DockerNodeCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DockerNodeCollectionScriptTests(DockerNode node) : IDisposable
{
    private const string To = "s3://ir-evidence-111122223333/case-1/node/ip-10-0-1-3.ec2.internal.tar.gz";
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [DockerFact]
    public async Task The_script_streams_a_docker_node_and_the_disk_verbs_find_what_docker_ps_listed_and_what_docker_diff_said()
    {
        var before = EvidenceTree.Hash(node.Root);
        var s3 = new FakeS3(_temp);
        var scratch = Directory.CreateDirectory(_temp.Combine("scratch")).FullName;

        var run = await s3.RunAsync(NodeCollectionScript.Script(To, node.Root, scratch), _temp.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        var archive = s3.Object(To);
        var result = NodeCollectionScript.Result(run.StdOut);
        var sum = await ProcessRun.RunAsync("sha256sum", [archive], _temp.Path, TimeSpan.FromMinutes(1));
        Assert.Equal(sum.StdOut.Split(' ')[0], result!.Sha256);
        Assert.Equal(new FileInfo(archive).Length, result.Bytes);
        Assert.Empty(Directory.GetFileSystemEntries(scratch));
        ContainerdNodeCollectionScriptTests.AssertPax(archive);

        var ps = File.ReadAllLines(Path.Combine(node.Root, ".docker-ps.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("ID").GetString()!)
            .Order(StringComparer.Ordinal);
        Assert.Equal(ps, NodeContainers.List(EvidenceRoot.Open(archive)).Containers.Select(c => c.Id).Order(StringComparer.Ordinal));
        var diff = await ProcessRun.EksirAsync(_temp.Path, "diff", archive, "--container", "web");
        Assert.True(diff.ExitCode == 0, diff.ToString());
        Assert.Equal(File.ReadAllLines(Path.Combine(node.Root, ".docker-diff.txt")).Order(StringComparer.Ordinal),
            diff.StdOut.TrimEnd('\n').Split('\n').Order(StringComparer.Ordinal));

        Assert.Equal(before, EvidenceTree.Hash(node.Root));
    }
}
