using System.Text;
using System.Text.Json;

namespace EksIr.Cli.Tests.Identification;

/// <summary>
/// The verbs over evidence with one byte that is not UTF-8 inside a JSON string (and a malformed file among good
/// ones): exit 0, the records in the output with U+FFFD where the byte was, and a warning on stderr naming the file
/// and byte — never an unhandled exception.
/// </summary>
public sealed class HostileEvidenceVerbTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Sample(params string[] parts) => Repo.Path(["sample-data", "incident-1", .. parts]);

    /// <summary>A sample file with <paramref name="bad"/> in place of the middle byte of the first <paramref name="text"/>.</summary>
    private string Spoilt(string sample, string to, string text, byte bad)
    {
        var bytes = File.ReadAllBytes(sample);
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) + text.Length / 2;
        Assert.True(at > text.Length / 2, text);
        bytes[at] = bad;
        var path = _temp.Combine(to);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return $"byte {at}";
    }

    private static void Copy(string folder, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(folder))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    [Fact]
    public async Task Guardduty_over_a_folder_with_a_malformed_file_and_a_byte_that_is_not_utf8_lists_the_rest_and_names_both()
    {
        var at = Spoilt(Sample("guardduty", "finding-privileged-container.json"), "gd/a.json", "\"sysdiag\"", 0xFF);
        _temp.Write("gd/b.json", "{\n  \"Findings\": [\n    {\"Type\": \"x\",,\n");
        File.Copy(Sample("guardduty", "finding-runtime-miner.json"), _temp.Combine("gd", "c.json"));

        var result = await ProcessRun.EksirAsync(_temp.Path, "guardduty", _temp.Combine("gd"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.StdOut);
        var findings = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, findings.Count);
        Assert.Equal("sys\uFFFDiag", findings[0].GetProperty("workload").GetProperty("name").GetString());
        Assert.Contains($"warning: a.json: {at}: 1 byte that is not UTF-8 replaced with U+FFFD", result.StdErr);
        Assert.Contains("warning: b.json: line 3, byte 17: not JSON: ", result.StdErr);
    }

    [Fact]
    public async Task K8s_pod_and_contain_pod_over_a_snapshot_with_a_byte_that_is_not_utf8_answer_and_warn()
    {
        Copy(Sample("cluster"), _temp.Combine("cluster"));
        var at = Spoilt(Sample("cluster", "pods.json"), "cluster/pods.json", "\"app\": \"sysdiag\"", 0x80); // the pod's label app: \x80ysdiag
        var snapshot = _temp.Combine("cluster");

        var pod = await ProcessRun.EksirAsync(_temp.Path, "k8s", "pod", "sysdiag", "-n", "default", "--snapshot", snapshot, "--json");
        var plan = await ProcessRun.EksirAsync(_temp.Path, "contain", "pod", "sysdiag", "-n", "default", "--snapshot", snapshot, "--json");

        Assert.True(pod.ExitCode == 0, pod.ToString());
        using (var doc = JsonDocument.Parse(pod.StdOut))
        {
            Assert.True(doc.RootElement.GetProperty("privileged").GetBoolean());
            Assert.Equal("\uFFFDysdiag", doc.RootElement.GetProperty("labels").GetProperty("app").GetString());
        }

        Assert.Contains($"warning: pods.json: {at}: 1 byte that is not UTF-8 replaced with U+FFFD", pod.StdErr);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains($"warning: pods.json: {at}: 1 byte that is not UTF-8", plan.StdErr);
    }

    [Fact]
    public async Task Contain_instance_over_an_aws_snapshot_with_a_byte_that_is_not_utf8_plans_and_warns()
    {
        Copy(Sample("aws"), _temp.Combine("aws"));
        var at = Spoilt(Sample("aws", "describe-instances.json"), "aws/describe-instances.json", "\"eksworkshop-eksctl-ng-1-Node\"", 0xC0);

        var result = await ProcessRun.EksirAsync(_temp.Path, "contain", "instance", "i-0c7d2e91b4a6f3508", "--snapshot", _temp.Combine("aws"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.StdOut);
        Assert.Equal(6, doc.RootElement.GetProperty("actions").GetArrayLength()); // the Auto Scaling step first, then the five isolation steps
        Assert.Contains($"warning: describe-instances.json: {at}: 1 byte that is not UTF-8 replaced with U+FFFD", result.StdErr);
    }

    [Fact]
    public async Task Containers_over_a_docker_node_whose_config_has_a_byte_that_is_not_utf8_lists_it_and_warns()
    {
        const string id = "4b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c";
        var config = Encoding.Latin1.GetBytes(
            "{\"State\":{\"Running\":true,\"StartedAt\":\"2026-11-29T06:20:01.113407218Z\"},\"ID\":\"" + id + "\",\"Created\":\"2026-11-29T06:20:00.902114771Z\"," +
            "\"Path\":\"/bin/sh\",\"Args\":[],\"Config\":{\"Image\":\"registry.example/web:1.0\",\"Labels\":{}},\"Name\":\"/we\u00FFb\",\"Driver\":\"overlay2\"}");
        var folder = Directory.CreateDirectory(_temp.Combine("node", "var", "lib", "docker", "containers", id)).FullName;
        File.WriteAllBytes(Path.Combine(folder, "config.v2.json"), config);

        var result = await ProcessRun.EksirAsync(_temp.Path, "containers", _temp.Combine("node"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.StdOut);
        Assert.Equal("we\uFFFDb", Assert.Single(doc.RootElement.EnumerateArray()).GetProperty("name").GetString());
        Assert.Contains($"warning: var/lib/docker/containers/{id}/config.v2.json: byte {Array.IndexOf(config, (byte)0xFF)}: 1 byte that is not UTF-8", result.StdErr);
    }

    [Fact]
    public async Task Supertimeline_over_a_guardduty_folder_with_a_malformed_file_keeps_the_other_findings_and_names_it()
    {
        Copy(Sample("guardduty"), _temp.Combine("incident", "guardduty"));
        _temp.Write("incident/guardduty/finding-q-cut.json", "{\"findings\": [{\"type\": \"Recon:EC2/Portscan\",");

        var result = await ProcessRun.EksirAsync(_temp.Path, "supertimeline", _temp.Combine("incident"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.StdOut);
        Assert.Equal(2, doc.RootElement.EnumerateArray().Count(r => r.GetProperty("source").GetString() == "guardduty"));
        Assert.Contains("warning: guardduty/finding-q-cut.json: line 1, byte ", result.StdErr);
        Assert.Contains("none of its findings are listed, the folder's other files are", result.StdErr);
    }
}
