using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using EksIr.Core.Evidence;
using EksIr.Cloud.Identification;
using EksIr.Core.Reporting;
using EksIr.Reporting;

namespace EksIr.Core.Tests.Identification;

/// <summary>
/// GuardDuty findings as AWS emits them besides <c>get-findings</c>: the S3 export (JSON lines, one camelCase finding
/// per line, gzip-compressed), an empty answer, and Runtime Monitoring's container, pod and process.
/// </summary>
public sealed class GuardDutyExportsTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private EvidenceRoot Root => new(_temp.Path);

    private void WriteGz(string name, string text, double keep = 1)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(text));
        }

        var bytes = buffer.ToArray();
        Directory.CreateDirectory(Path.GetDirectoryName(_temp.Combine(name))!);
        File.WriteAllBytes(_temp.Combine(name), bytes[..(int)(bytes.Length * keep)]);
    }

    [Fact]
    public void The_s3_export_is_read_one_finding_per_line_and_a_bad_line_is_named_with_the_others_kept()
    {
        var lines = new[]
        {
            RuntimeMonitoringFinding.Camel("f1", "2026-11-29T06:41:07.000Z").ToJsonString(),
            "{\"type\": \"Recon:EC2/PortProbeUnprotectedPort\",, }",
            RuntimeMonitoringFinding.Camel("f3", "2026-11-29T06:40:00.000Z").ToJsonString(),
            "{\"notes\": \"not a finding\"}",
            "",
        };
        WriteGz("AWSLogs/111122223333/GuardDuty/us-west-2/2026/11/29/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d.jsonl.gz", string.Join("\n", lines));

        var findings = GuardDutyFindings.Read(Root, "AWSLogs");

        Assert.Equal(["f3", "f1"], findings.Findings.Select(f => f.Id)); // in time order
        Assert.Equal(["line 2, byte 46", "line 4"], findings.Problems.Select(p => p.Where));
        Assert.StartsWith("not JSON: ", findings.Problems[0].Problem);
        Assert.Equal("not a GuardDuty finding (no type); skipped", findings.Problems[1].Problem);
        Assert.All(findings.Problems, p => Assert.EndsWith(".jsonl.gz", p.File));
    }

    [Fact]
    public void A_cut_off_gzip_export_keeps_the_findings_before_the_cut_and_says_where_it_broke()
    {
        var text = string.Concat(Enumerable.Range(1, 60).Select(i => RuntimeMonitoringFinding.Camel($"f{i}").ToJsonString() + "\n"));
        WriteGz("export.jsonl.gz", text, keep: 0.5);

        var findings = GuardDutyFindings.Read(Root, "export.jsonl.gz");

        Assert.InRange(findings.Findings.Count, 1, 59);
        Assert.Equal(Enumerable.Range(1, findings.Findings.Count).Select(i => $"f{i}"), findings.Findings.Select(f => f.Id));
        Assert.Contains(findings.Problems, p => p.Where.StartsWith("compressed byte ", StringComparison.Ordinal) && p.Problem.StartsWith("gzip damaged or cut off", StringComparison.Ordinal));
    }

    [Fact]
    public void A_json_file_of_findings_one_per_line_is_read_as_json_lines()
    {
        _temp.Write("export.json", RuntimeMonitoringFinding.Camel("f1").ToJsonString() + "\n" + RuntimeMonitoringFinding.Camel("f2").ToJsonString() + "\n");

        var findings = GuardDutyFindings.Read(Root, "export.json");

        Assert.Equal(["f1", "f2"], findings.Findings.Select(f => f.Id));
        Assert.Empty(findings.Problems);
    }

    [Theory]
    [InlineData("{\"Findings\": []}")]
    [InlineData("{\"findings\": []}")]
    [InlineData("[]")]
    public void An_empty_answer_is_a_file_with_no_findings_noted_never_an_error(string answer)
    {
        _temp.Write("gd/none.json", answer);
        _temp.Write("gd/empty.jsonl", "");
        _temp.Write("gd/one.json", RuntimeMonitoringFinding.Camel("f1").ToJsonString());

        var alone = GuardDutyFindings.Read(Root, "gd/none.json");
        var folder = GuardDutyFindings.Read(Root, "gd");

        Assert.Equal((0, 0), (alone.Findings.Count, alone.Problems.Count));
        Assert.Equal(["no findings in gd/none.json"], alone.Notes);
        Assert.Equal("no findings in gd/none.json", alone.Summary);
        Assert.Equal(["f1"], folder.Findings.Select(f => f.Id));
        Assert.Empty(folder.Problems);
        Assert.Equal(["no findings in gd/empty.jsonl", "no findings in gd/none.json"], folder.Notes);
    }

    [Fact]
    public void A_runtime_monitoring_finding_keeps_the_container_id_runtime_pod_and_process_lineage_in_either_case()
    {
        _temp.Write("camel.json", RuntimeMonitoringFinding.Camel().ToJsonString());
        _temp.Write("pascal.json", new JsonObject { ["Findings"] = new JsonArray(RuntimeMonitoringFinding.Pascal(RuntimeMonitoringFinding.Camel())) }.ToJsonString());

        var camel = Assert.Single(GuardDutyFindings.Read(Root, "camel.json").Findings);
        var pascal = Assert.Single(GuardDutyFindings.Read(Root, "pascal.json").Findings);

        foreach (var f in new[] { camel, pascal })
        {
            var container = Assert.Single(f.Containers); // containerDetails merged into the pod's container of the same name
            Assert.Equal(new GuardDutyContainer("sysdiag", "registry.example/sysdiag:1.0", true, RuntimeMonitoringFinding.ContainerId, "containerd"), container);
            Assert.Equal(("sysdiag", "default", "pods"), (f.Workload!.Name, f.Workload.Namespace, f.Workload.Type));
            Assert.Equal(("eksworkshop-eksctl", "i-0c7d2e91b4a6f3508"), (f.Cluster, f.InstanceId));
            var p = f.Process!;
            Assert.Equal(("sh", 5412, 31, "/tmp", 0, "p-5398"), (p.Name, p.Pid, p.NamespacePid, p.WorkingDirectory, p.UserId, p.ParentUuid));
            Assert.Equal("2026-11-29T06:41:05Z", p.StartTime.ToString());
            Assert.Equal([(5398, "/bin/busybox"), (5120, "/usr/bin/containerd-shim-runc-v2")], p.Lineage.Select(a => (a.Pid ?? 0, a.ExecutablePath)));
            Assert.Equal(
                [new GuardDutyContextField("releaseAgentPath", "/tmp/cgrp/release_agent"), new GuardDutyContextField("modifyingProcess.name", "sh"),
                 new GuardDutyContextField("modifyingProcess.pid", "5412"), new GuardDutyContextField("modifyingProcess.executablePath", "/bin/busybox")],
                f.RuntimeContext);
        }
    }

    [Fact]
    public void The_card_shows_the_container_id_with_its_runtime_the_process_and_its_lineage()
    {
        _temp.Write("finding.json", RuntimeMonitoringFinding.Camel().ToJsonString());

        var card = GuardDutyViews.Card(Assert.Single(GuardDutyFindings.Read(Root, "finding.json").Findings)).ToDictionary(r => r[0]!, r => r[1]);

        Assert.Equal($"{RuntimeMonitoringFinding.ContainerId} (containerd, sysdiag)", card["Container id"]);
        Assert.Equal("sysdiag: registry.example/sysdiag:1.0 (privileged)", card["Containers"]);
        Assert.Equal("pods default/sysdiag (uid 3f6c1a2e-8b4d-4e7f-9a0b-1c2d3e4f5a6b)", card["Workload"]);
        Assert.Equal($"sh (PID 5412, PID 31 in the container, /bin/busybox, cwd /tmp, user root (uid 0), started 2026-11-29T06:41:05Z, sha256 {new string('e', 64)})",
            card["Process"]);
        Assert.Equal("PID 5398 /bin/busybox ← PID 5120 /usr/bin/containerd-shim-runc-v2", card["Process lineage"]);
        Assert.StartsWith("releaseAgentPath=/tmp/cgrp/release_agent, modifyingProcess.name=sh", card["Runtime context"]);
    }

    [Fact]
    public void A_line_longer_than_any_finding_is_skipped_and_named_and_the_next_line_is_read()
    {
        var path = _temp.Combine("big.jsonl");
        using (var file = File.Create(path))
        {
            file.Write("{\"type\":\""u8);
            var chunk = Encoding.ASCII.GetBytes(new string('x', 1 << 20));
            for (var i = 0; i < 17; i++)
            {
                file.Write(chunk);
            }

            file.Write("\"}\n"u8);
            file.Write(Encoding.UTF8.GetBytes(RuntimeMonitoringFinding.Camel("after").ToJsonString() + "\n"));
        }

        var findings = GuardDutyFindings.Read(Root, "big.jsonl");

        Assert.Equal(["after"], findings.Findings.Select(f => f.Id));
        var problem = Assert.Single(findings.Problems);
        Assert.Equal(("line 1", $"{(17 << 20) + 11} bytes: longer than any finding; skipped"), (problem.Where, problem.Problem));
    }
}

/// <summary>
/// A third-party sample: the Runtime Monitoring finding (GuardDuty's sample-finding values, "GeneratedFinding…") that
/// opencybersecurityalliance/stix-shifter's GuardDuty tests feed their translator (Apache-2.0; see
/// tests/RealWorld/PROVENANCE.md). The expected values are the ones its own test asserts for the process
/// (test_process_and_file_details_json_to_stix): name, cwd, pid, uuid, parent uuid, the binary's path and SHA-256.
/// </summary>
public sealed class GuardDutyRealWorldSampleTests
{
    [Fact]
    public void Stix_shifters_runtime_finding_gives_the_process_its_test_expects_with_its_lineage_and_context()
    {
        var root = new EvidenceRoot(Repo.Path("tests", "RealWorld", "guardduty"));

        var findings = GuardDutyFindings.Read(root, "stix-shifter-runtime-process-finding.json");

        var f = Assert.Single(findings.Findings);
        Assert.Empty(findings.Problems);
        Assert.Equal(("PrivilegeEscalation:Runtime/CGroupsReleaseAgentModified", "High", "2023-06-01T15:31:22Z"), (f.Type, f.SeverityLabel, f.Time.ToString()));
        var p = f.Process!;
        Assert.Equal(("GeneratedFindingProcessName", "GeneratedFindingPath", 1234, "GeneratedFindingUUId", "GeneratedFindingUUId"), (p.Name, p.WorkingDirectory, p.Pid, p.Uuid, p.ParentUuid));
        Assert.Equal(("GeneratedFindingPath", "GeneratedFindingHash"), (p.ExecutablePath, p.ExecutableSha256));
        Assert.Equal([1233, 1230], p.Lineage.Select(a => a.Pid ?? 0));
        Assert.Equal([new GuardDutyContextField("releaseAgentPath", "GeneratedFindingPath")], f.RuntimeContext);
    }
}
