using System.Text;
using System.Text.Json;
using EksIr.Core.Evidence;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Tests;

/// <summary>
/// The super-timeline over sources with hostile bytes: a malformed GuardDuty file among good ones, bytes that are not
/// UTF-8 in a finding and in an audit log line, an escaped lone surrogate in an audit event. Each is named (file and
/// line or byte) and every readable row is on the timeline.
/// </summary>
public sealed class HostileSourcesTests
{
    private static string Sample(params string[] parts) => Repo.Path(["sample-data", "incident-1", .. parts]);

    [Fact]
    public async Task A_malformed_guardduty_file_between_two_good_ones_is_named_and_their_findings_are_on_the_timeline()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("guardduty"));
        File.Copy(Sample("guardduty", "finding-privileged-container.json"), temp.Combine("guardduty", "a.json"));
        temp.Write("guardduty/b.json", "{\"findings\": [{\"type\": \"Recon:EC2/Portscan\", \"severity\": 2,\n  \"id\": }]}");
        var miner = File.ReadAllBytes(Sample("guardduty", "finding-runtime-miner.json"));
        var title = miner.AsSpan().IndexOf("\"Title\": \""u8) + 12;
        miner[title] = 0xFF; // a byte that is not UTF-8 in the finding's title
        File.WriteAllBytes(temp.Combine("guardduty", "c.json"), miner);

        var timeline = await SuperTimeline.BuildAsync(new EvidenceRoot(temp.Path), new IncidentSources(GuardDuty: "guardduty"), TimeWindow.All);

        var rows = timeline.Where(source: TimelineSources.GuardDuty).ToList();
        Assert.Equal(["PrivilegeEscalation:Kubernetes/PrivilegedContainer", "CryptoCurrency:Runtime/BitcoinTool.B"], rows.Select(r => r.Action));
        Assert.Contains("\uFFFD", rows[1].Summary);
        Assert.Equal(2, timeline.Problems.Count);
        Assert.Contains(timeline.Problems, p => p.File == "guardduty/b.json" && p.Where == "line 2, byte 8" && p.Problem.StartsWith("not JSON", StringComparison.Ordinal));
        Assert.Contains(timeline.Problems, p => p.File == "guardduty/c.json" && p.Where == $"byte {title}" && p.Problem.StartsWith("1 byte that is not UTF-8", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_audit_event_with_an_escaped_lone_surrogate_and_a_line_with_a_latin1_byte_are_on_the_timeline_and_said()
    {
        using var temp = new TempDir();
        static string Message(string name, string user) =>
            "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"auditID\":\"" + name + "\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"," +
            "\"requestURI\":\"/api/v1/namespaces/default/secrets/" + name + "\",\"user\":{\"username\":\"" + user + "\"}," +
            "\"objectRef\":{\"resource\":\"secrets\",\"namespace\":\"default\",\"name\":\"" + name + "\"},\"responseStatus\":{\"code\":200}," +
            "\"requestReceivedTimestamp\":\"2026-11-29T06:29:00.000000Z\",\"stageTimestamp\":\"2026-11-29T06:29:00.100000Z\"}";
        var logged = DateTimeOffset.Parse("2026-11-29T06:29:01Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        temp.Write("control-plane/events.json", "{\"events\":[" + JsonSerializer.Serialize(new
        {
            logStreamName = "kube-apiserver-audit-0123", timestamp = logged, message = Message("surrogate", "dev-\\ud800intern"),
        }) + "]}");
        var line = Encoding.UTF8.GetBytes(Message("latin1", "dev-\u00e9") + "\n");
        var at = line.AsSpan().IndexOf("\u00e9"u8);
        File.WriteAllBytes(temp.Combine("control-plane", "kube-apiserver-audit-0456.jsonl"), [.. line[..at], 0xE9, .. line[(at + 2)..]]); // é in Latin-1

        var timeline = await SuperTimeline.BuildAsync(new EvidenceRoot(temp.Path), new IncidentSources(ControlPlane: "control-plane"), TimeWindow.All);

        var rows = timeline.Where(source: TimelineSources.Audit).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        Assert.True(rows.Count == 2, string.Join("\n", timeline.Problems));
        Assert.Equal(["audit:latin1", "audit:surrogate"], rows.Select(r => r.Id));
        Assert.StartsWith("dev-\uFFFD get secrets default/latin1", rows[0].Summary);
        Assert.StartsWith("dev-\uFFFDintern get secrets default/surrogate", rows[1].Summary);
        Assert.Contains(timeline.Problems, p => p.File == "control-plane/kube-apiserver-audit-0456.jsonl" && p.Where == $"line 1, byte {at}" && p.Problem.StartsWith("1 byte that is not UTF-8", StringComparison.Ordinal));
        Assert.Contains(timeline.Problems, p => p.File == "control-plane" && p.Where.StartsWith("kube-apiserver-audit-0123 message, byte ", StringComparison.Ordinal)
                                                && p.Problem.StartsWith("1 escaped lone surrogate", StringComparison.Ordinal));
    }
}
