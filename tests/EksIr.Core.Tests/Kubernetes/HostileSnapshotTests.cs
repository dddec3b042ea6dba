using System.Text;
using CsCheck;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Cloud.Kubernetes;

namespace EksIr.Core.Tests.Kubernetes;

/// <summary>
/// A kubectl snapshot folder with hostile content: bytes that are not UTF-8 in a pod's JSON are read as U+FFFD and
/// said; an item KubernetesClient cannot read (a quantity or a port of the wrong shape) is skipped and said; the
/// other objects stay.
/// </summary>
public sealed class HostileSnapshotTests : IDisposable
{
    private static readonly string Sample = Repo.Path("sample-data", "incident-1", "cluster");
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The incident's snapshot copied under evidence/cluster, pods.json replaced by <paramref name="pods"/>.</summary>
    private EvidenceRoot Snapshot(byte[] pods)
    {
        var folder = Directory.CreateDirectory(_temp.Combine("evidence", "cluster")).FullName;
        foreach (var file in Directory.GetFiles(Sample))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }

        File.WriteAllBytes(Path.Combine(folder, "pods.json"), pods);
        return new EvidenceRoot(_temp.Combine("evidence"));
    }

    private static byte[] Pods() => File.ReadAllBytes(Path.Combine(Sample, "pods.json"));

    private static byte[] Replace(byte[] bytes, string text, byte[] with)
    {
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text));
        Assert.True(at >= 0, text);
        return [.. bytes[..at], .. with, .. bytes[(at + Encoding.UTF8.GetByteCount(text))..]];
    }

    [Fact]
    public async Task A_pod_with_bytes_that_are_not_utf8_in_a_label_key_and_value_is_read_with_U_FFFD_and_the_file_and_byte_are_said()
    {
        var pods = Replace(Pods(), "\"app\": \"sysdiag\"", Encoding.Latin1.GetBytes("\"a\u00FFpp\": \"sys\u0080diag\""));
        var root = Snapshot(pods);

        var cluster = new SnapshotCluster(root, "cluster");
        var pod = await ClusterLookups.PodAsync(cluster, "sysdiag", "default");

        Assert.Equal("sys\uFFFDdiag", pod.Labels["a\uFFFDpp"]);
        Assert.True(pod.Privileged);
        Assert.Equal(new EvidenceProblem("cluster/pods.json", $"byte {pods.AsSpan().IndexOf((byte)0xFF)}",
            "2 bytes that are not UTF-8 replaced with U+FFFD (the first here); everything else read as written"), Assert.Single(cluster.Problems));
    }

    [Fact]
    public async Task A_quantity_with_a_huge_exponent_is_read_as_zero_and_said_instead_of_hanging_the_reader()
    {
        // KubernetesClient's ResourceQuantity computes "1e99999" exactly: minutes of CPU for one crafted string.
        var pods = Replace(Pods(), "\"image\": \"registry.example/sysdiag:1.0\"",
            Encoding.UTF8.GetBytes("\"image\": \"registry.example/sysdiag:1.0\", \"resources\": {\"limits\": {\"cpu\": \"1e99999\", \"memory\": \"128Mi\"}}"));
        var root = Snapshot(pods);

        var cluster = new SnapshotCluster(root, "cluster");
        var pod = await ClusterLookups.PodAsync(cluster, "sysdiag", "default");

        Assert.True(pod.Privileged);
        var problem = Assert.Single(cluster.Problems);
        Assert.Equal("cluster/pods.json", problem.File);
        Assert.EndsWith("/resources/limits/cpu", problem.Where);
        Assert.Contains("'1e99999' is not a Kubernetes quantity", problem.Problem);
    }

    [Fact]
    public async Task Items_kubernetes_client_cannot_read_are_skipped_and_said_and_the_other_pods_are_kept()
    {
        var pods = Encoding.UTF8.GetString(Pods());
        var cni = pods.IndexOf("\"name\": \"aws-node-m4q9z\"", StringComparison.Ordinal);
        var web = pods.IndexOf("\"name\": \"web-5d8f7c9b4-q2w3e\"", StringComparison.Ordinal);
        Assert.True(cni > 0 && web > cni);
        var hostile = pods[..cni] + "\"name\": \"aws-node-m4q9z\", \"creationTimestamp\": \"yesterday\", \"x\": 1" + pods[(cni + "\"name\": \"aws-node-m4q9z\"".Length)..web]
                      + "\"name\": \"web-5d8f7c9b4-q2w3e\", \"resourceVersion\": {}" + pods[(web + "\"name\": \"web-5d8f7c9b4-q2w3e\"".Length)..];
        var root = Snapshot(Encoding.UTF8.GetBytes(hostile));

        var cluster = new SnapshotCluster(root, "cluster");

        Assert.Equal(["sysdiag", "aws-node-7xk2p"], (await cluster.PodsAsync()).Select(p => p.Metadata.Name));
        Assert.Equal(["item 3", "item 4"], cluster.Problems.Select(p => p.Where));
        Assert.All(cluster.Problems, p => Assert.Equal("cluster/pods.json", p.File));
        Assert.StartsWith("a Pod that does not read as one (Unable to parse yesterday", cluster.Problems[0].Problem); // KubernetesClient's FormatException
        Assert.StartsWith("a Pod that does not read as one at $.metadata.resourceVersion", cluster.Problems[1].Problem);
        Assert.Equal("sysdiag", (await ClusterLookups.PodAsync(cluster, "sysdiag", "default")).Name);
    }

    [Fact]
    public async Task A_file_that_is_not_an_object_or_array_or_holds_items_that_are_not_objects_is_said_not_a_crash()
    {
        var root = Snapshot(Encoding.UTF8.GetBytes("{\"kind\":\"List\",\"items\":[1,\"two\",{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}]}"));
        // A bare array of objects (support-bundle collectors wrote them so) is read as items; what is not an object is said.
        File.WriteAllText(_temp.Combine("evidence", "cluster", "array.json"), "[{\"kind\":\"Pod\",\"metadata\":{\"name\":\"q\"}},3]");
        File.WriteAllText(_temp.Combine("evidence", "cluster", "text.json"), "\"pods\"");

        var cluster = new SnapshotCluster(root, "cluster");

        Assert.Contains(cluster.Problems, p => p.File == "cluster/text.json" && p.Problem.StartsWith("a JSON string, not a kubectl object or List", StringComparison.Ordinal));
        Assert.Contains(cluster.Problems, p => p.File == "cluster/array.json" && p.Where == "item 2" && p.Problem.StartsWith("a JSON number, not an object", StringComparison.Ordinal));
        Assert.Contains(cluster.Problems, p => p.File == "cluster/pods.json" && p.Where == "item 1" && p.Problem.StartsWith("a JSON number, not an object", StringComparison.Ordinal));
        Assert.Contains(cluster.Problems, p => p.File == "cluster/pods.json" && p.Where == "item 2");
        Assert.Equal(["p", "q"], (await cluster.PodsAsync()).Select(p => p.Metadata.Name).Order());
    }

    [Fact]
    public void Any_hostile_bytes_in_a_pods_file_never_crash_the_snapshot_or_the_pod_card()
    {
        var pods = Pods();
        var root = Snapshot(pods);
        byte[][] hostile = [[0xFF], [0x80], [0xE2, 0x82], [0xF4, 0x90], "\\ud800"u8.ToArray(), "\""u8.ToArray(), "{}"u8.ToArray(), "1e400"u8.ToArray(), "\"x\""u8.ToArray()];
        Gen.Int[0, pods.Length - 1].Array[1, 4].Select(Gen.Int[0, hostile.Length - 1].Array[4], Gen.Bool).Sample((positions, which, replace) =>
        {
            var bytes = HostileBytes.Put(pods, positions, which, replace, hostile);

            var name = $"fuzz-{Guid.NewGuid():N}";
            Directory.CreateDirectory(_temp.Combine("evidence", name));
            File.WriteAllBytes(_temp.Combine("evidence", name, "pods.json"), bytes);
            var cluster = new SnapshotCluster(root, name);
            Assert.All(cluster.Problems, p => Assert.Equal($"{name}/pods.json", p.File));
            try
            {
                _ = ClusterLookups.PodAsync(cluster, "sysdiag", "default").GetAwaiter().GetResult();
            }
            catch (ClusterException)
            {
                // the pod is gone with its damaged item: said by name
            }
        }, iter: 1500);
    }
}
