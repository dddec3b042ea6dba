using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EksIr.Core.Evidence;
using EksIr.Investigation;
using EksIr.Investigation.Entities;
using EksIr.Investigation.Timeline;

namespace EksIr.Bench;

/// <summary>
/// The super-timeline over a case with a year of CloudTrail and a busy control-plane log beside the sample incident's
/// GuardDuty, memory and node disk: the incident's window, one day, and the chain from the leaked key — time, rows and
/// peak working set. Informative (no target in the issue): it says what a window costs against the whole year.
/// </summary>
public static class TimelineBench
{
    public static void Run(string[] args)
    {
        var trailMib = LogsBench.Arg(args, "--trail-mib", 512);
        var auditEvents = LogsBench.Arg(args, "--audit-events", 200_000);
        var work = Path.Combine(Path.GetTempPath(), "eksir-bench-timeline-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var evidence = Directory.CreateDirectory(Path.Combine(work, "evidence")).FullName;
            var sample = Path.Combine(LogsBench.Repo(), "sample-data", "incident-1");
            foreach (var folder in new[] { "guardduty", "memory", "node", "cloudtrail" })
            {
                Copy(Path.Combine(sample, folder), Path.Combine(evidence, folder));
            }

            var files = LogsBench.WriteTrailYear(Path.Combine(evidence, "cloudtrail", "year"), trailMib);
            files.ForEach(LogsBench.Warm);
            WriteControlPlane(Path.Combine(sample, "control-plane"), Path.Combine(evidence, "control-plane"), auditEvents);
            Console.WriteLine($"case: a year of CloudTrail ({files.Count} files, {files.Sum(f => new FileInfo(f).Length) / 1048576.0:0} MiB gz) + the incident's, " +
                              $"{auditEvents:N0} extra audit events over the incident's day, GuardDuty, memory, node archive");

            var root = new EvidenceRoot(evidence);
            Measure("incident window 06:15–06:45 of 2026-11-29", root, new TimelineRequest("2026-11-29T06:15:00Z", "2026-11-29T06:45:00Z"));
            Measure("one day of the year (2026-06-15)", root, new TimelineRequest("2026-06-15T00:00:00Z", "2026-06-15T23:59:59Z"));
            var investigation = new IncidentInvestigation();
            var chain = LogsBench.Time(() => investigation.ChainAsync(root, new TimelineRequest("2026-11-29T06:15:00Z", "2026-11-29T06:45:00Z"), "AKIA5DEVINTERN7EXMPL", 6).GetAwaiter().GetResult());
            Console.WriteLine($"  entity chain from the leaked key over the incident window (timeline built again): {chain.TotalSeconds:0.00} s");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void Measure(string what, EvidenceRoot root, TimelineRequest request)
    {
        SuperTimeline? timeline = null;
        var time = LogsBench.Time(() => timeline = new IncidentInvestigation().TimelineAsync(root, request).GetAwaiter().GetResult());
        var graph = LogsBench.Time(() => _ = new EntityGraph(timeline!.Events).Entities.Count);
        Console.WriteLine($"  {what}: {time.TotalSeconds:0.00} s, {timeline!.Events.Count:N0} rows ({string.Join(", ", timeline.Sources.Where(s => s.Rows > 0).Select(s => $"{s.Source} {s.Rows:N0}"))}); " +
                          $"entity graph {graph.TotalSeconds:0.00} s; {timeline.Problems.Count} problems; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB");
    }

    /// <summary>The sample's control-plane export plus N audit events spread over the incident's day (pods and users varied).</summary>
    private static void WriteControlPlane(string from, string to, int extra)
    {
        Copy(from, to);
        var samples = JsonDocument.Parse(File.ReadAllText(Path.Combine(from, "filter-log-events-audit.json"))).RootElement.GetProperty("events").EnumerateArray()
            .Select(e => e.GetProperty("message").GetString()!).ToArray();
        var day = new DateTime(2026, 11, 29, 0, 0, 0, DateTimeKind.Utc);
        using var w = new StreamWriter(Path.Combine(to, "busy-audit.jsonl"));
        for (var i = 0; i < extra; i++)
        {
            var t = day.AddSeconds(i * 86400.0 / extra);
            var message = System.Text.RegularExpressions.Regex.Replace(samples[i % samples.Length], "\"(requestReceivedTimestamp|stageTimestamp)\":\"[^\"]+\"",
                    m => $"\"{m.Groups[1].Value}\":\"{t.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture)}\"")
                .Replace("sysdiag", $"pod-{i % 5000}", StringComparison.Ordinal)
                .Replace("\"auditID\":\"", $"\"auditID\":\"bench-{i}-", StringComparison.Ordinal);
            w.WriteLine(JsonSerializer.Serialize(new { timestamp = new DateTimeOffset(t).ToUnixTimeMilliseconds(), message, logStreamName = "kube-apiserver-audit-bench" }));
        }
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
