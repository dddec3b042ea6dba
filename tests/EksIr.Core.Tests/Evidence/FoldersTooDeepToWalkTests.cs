using EksIr.Cloud.Kubernetes;
using EksIr.Core.Evidence;
using EksIr.Core.FileSystems;
using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Containerd;
using EksIr.Disk.Containers.Docker;
using EksIr.Disk.Containers.Logs;
using EksIr.Memory;

namespace EksIr.Core.Tests.Evidence;

/// <summary>
/// Every reader that walks a folder of the evidence names what its walk could not read or go below, with what it
/// misses for it, and keeps the rest. The folder it cannot go below here is a chain of directories deeper than any walk
/// follows (mkdir d; cd d; … as an attacker makes it), the same road as a folder the volume refuses to list.
/// </summary>
public sealed class FoldersTooDeepToWalkTests : IDisposable
{
    private const string Id = "4b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c";
    private const int Depth = PathDepth.MaxComponents + 6;
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>evidence/<paramref name="folder"/>/deep/d/…/d, deeper than a walk from <paramref name="folder"/> follows.</summary>
    private void Chain(string folder)
    {
        var top = Directory.CreateDirectory(_temp.Combine("evidence", folder, "deep")).FullName;
        DeepDirectory.Make(top, "d", Depth);
    }

    private EvidenceRoot Evidence() => new(_temp.Combine("evidence"));

    private static void AssertNamed(EvidenceProblem problem, string folder, string consequence)
    {
        Assert.StartsWith(folder + "/deep/d/d/", problem.File);
        Assert.Equal("folder", problem.Where);
        Assert.Equal($"not readable: deeper than {PathDepth.MaxComponents} path components below the walk's start; not followed; {consequence}", problem.Problem);
    }

    [Fact]
    public void A_folder_of_process_listings_names_the_folder_it_cannot_go_below_and_reads_the_listing_beside_it()
    {
        _temp.Write("evidence/volatility/linux.pslist.txt", File.ReadAllText(Repo.Path("sample-data", "incident-1", "memory", "volatility", "linux.pslist.txt")));
        Chain("volatility");

        var tree = ProcessTree.Of(Evidence(), "volatility");

        Assert.NotEmpty(tree.Processes);
        AssertNamed(Assert.Single(tree.Problems, p => p.Where == "folder"), "volatility", "the listings in it are not read");
    }

    [Fact]
    public void Docker_containers_are_listed_and_the_container_folder_the_walk_cannot_go_below_is_named()
    {
        _temp.Write($"evidence/var/lib/docker/containers/{Id}/config.v2.json",
            $$$"""{"State":{"Running":true,"StartedAt":"2026-11-29T06:20:01.113407218Z","FinishedAt":"0001-01-01T00:00:00Z"},"ID":"{{{Id}}}","Created":"2026-11-29T06:20:00.902114771Z","Config":{"Image":"registry.example/web:1.0","Labels":{}},"Image":"sha256:0d2f","Name":"/web","Driver":"overlay2"}""");
        Chain("var/lib/docker/containers");

        var listing = NodeContainers.List(Evidence());

        Assert.Equal("web", Assert.Single(listing.Containers).Name);
        AssertNamed(Assert.Single(listing.Problems), "var/lib/docker/containers", "the containers in it are not listed");
    }

    [Fact]
    public void Docker_images_name_the_image_folder_the_walk_cannot_go_below()
    {
        Chain("var/lib/docker/image/overlay2/imagedb/content/sha256");
        var images = new DockerImages(Evidence());

        Assert.Empty(images.List([]));
        AssertNamed(Assert.Single(images.Problems), "var/lib/docker/image/overlay2/imagedb/content/sha256", "the images in it are not listed");
        var notFound = Assert.Throws<EvidenceAccessException>(() => images.History("web:1.0"));
        Assert.Contains("no image with this name or id on the node (var/lib/docker/image/overlay2/imagedb/content/sha256/deep/d/", notFound.Message);
        Assert.EndsWith("not followed; the images in it are not searched)", notFound.Message);
    }

    [Fact]
    public void Cri_checkpoints_name_the_folder_the_walk_cannot_go_below_and_keep_the_checkpoints_beside_it()
    {
        _temp.Write($"evidence/{CriStatusCheckpoint.ContainersRoot}/{Id}/status", "{}");
        Chain(CriStatusCheckpoint.ContainersRoot);
        var problems = new List<EvidenceProblem>();

        var ids = CriStatusCheckpoint.ContainerIds(Evidence(), problems);

        Assert.Equal([Id], ids);
        AssertNamed(Assert.Single(problems), CriStatusCheckpoint.ContainersRoot, "the checkpoints in it are not read");
    }

    [Fact]
    public void Container_logs_name_a_folder_the_walk_cannot_go_below_and_a_link_loop_and_read_the_other_files()
    {
        const string folder = "var/log/pods/ns_pod_uid/app";
        _temp.Write($"evidence/{folder}/0.log", "2026-11-20T09:00:00Z stdout F read\n");
        File.CreateSymbolicLink(_temp.Combine("evidence", folder, "1.log"), "2.log");
        File.CreateSymbolicLink(_temp.Combine("evidence", folder, "2.log"), "1.log");
        Chain(folder);
        var root = Evidence();
        var problems = new List<EvidenceProblem>();

        var lines = CriLogReader.Read(root, CriLogReader.Files(root, folder, problems), problems).ToList();

        Assert.Equal(["read"], lines.Select(l => l.Message));
        Assert.Equal(3, problems.Count);
        AssertNamed(Assert.Single(problems, p => p.Where == "folder"), folder, "a log file in it is not read");
        Assert.Equal([$"{folder}/1.log", $"{folder}/2.log"], problems.Where(p => p.Where != "folder").Select(p => p.File).Order(StringComparer.Ordinal));
        Assert.All(problems.Where(p => p.Where != "folder"), p => Assert.Matches(@"^a link not followed \(.+\); not read as a log file$", p.Problem));
    }

    [Fact]
    public void Docker_json_logs_name_the_folder_the_walk_cannot_go_below()
    {
        _temp.Write($"evidence/var/lib/docker/containers/{Id}/{Id}-json.log", "{\"log\":\"read\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-20T09:00:00Z\"}\n");
        Chain($"var/lib/docker/containers/{Id}");
        var problems = new List<EvidenceProblem>();

        var files = DockerJsonLogReader.Files(Evidence(), Id, problems);

        Assert.Equal([$"var/lib/docker/containers/{Id}/{Id}-json.log"], files);
        AssertNamed(Assert.Single(problems), $"var/lib/docker/containers/{Id}", "a log file in it is not read");
    }

    [Fact]
    public void Docker_local_logs_name_the_folder_the_walk_cannot_go_below()
    {
        Chain($"var/lib/docker/containers/{Id}/local-logs");
        var problems = new List<EvidenceProblem>();

        Assert.Empty(DockerLocalLogReader.Files(Evidence(), Id, problems));
        AssertNamed(Assert.Single(problems), $"var/lib/docker/containers/{Id}/local-logs", "a log file in it is not read");
    }

    [Fact]
    public async Task A_cluster_snapshot_names_the_folder_the_walk_cannot_go_below_and_reads_the_objects_beside_it()
    {
        var sample = Repo.Path("sample-data", "incident-1", "cluster");
        Directory.CreateDirectory(_temp.Combine("evidence", "cluster"));
        File.Copy(Path.Combine(sample, "pods.json"), _temp.Combine("evidence", "cluster", "pods.json"));
        Chain("cluster");

        var snapshot = new SnapshotCluster(Evidence(), "cluster");

        Assert.NotEmpty(await snapshot.PodsAsync());
        AssertNamed(Assert.Single(snapshot.Problems), "cluster", "the objects in it are not read");
    }

    [Fact]
    public async Task An_aws_snapshot_names_the_folder_the_walk_cannot_go_below_and_reads_the_answers_beside_it()
    {
        var sample = Repo.Path("sample-data", "incident-1", "aws");
        Directory.CreateDirectory(_temp.Combine("evidence", "aws"));
        File.Copy(Path.Combine(sample, "describe-instances.json"), _temp.Combine("evidence", "aws", "describe-instances.json"));
        Chain("aws");

        var snapshot = new EksIr.Cloud.Aws.AccountSnapshot(Evidence(), "aws");

        Assert.Equal("i-0c7d2e91b4a6f3508", (await snapshot.InstanceAsync("i-0c7d2e91b4a6f3508")).InstanceId);
        AssertNamed(Assert.Single(snapshot.Problems), "aws", "the answers in it are not read");
    }
}
