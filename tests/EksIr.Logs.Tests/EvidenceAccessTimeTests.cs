using System.IO.Compression;
using System.Text;
using EksIr.Core.Evidence;
using EksIr.Logs.CloudTrail;
using EksIr.Logs.Insights;

namespace EksIr.Logs.Tests;

/// <summary>
/// Querying logs leaves their access times as they were: every file and folder of a CloudTrail export and of a
/// control-plane export gets an access time older than its modification time (so that a plain read would move it,
/// whatever the mount's relatime), then the engines load, salvage and query them, and the access times are compared.
/// </summary>
public sealed class EvidenceAccessTimeTests : IDisposable
{
    private static readonly DateTime Old = new(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_cloudtrail_query_leaves_the_access_time_of_every_file_and_folder_as_it_was()
    {
        var evidence = _temp.Combine("evidence");
        Copy(Repo.Path("sample-data", "incident-1", "cloudtrail"), Path.Combine(evidence, "cloudtrail"));
        var extra = Directory.CreateDirectory(Path.Combine(evidence, "cloudtrail", "exports")).FullName;
        File.WriteAllText(Path.Combine(extra, "array.json"), "[" + Event(1) + "," + Event(2) + "]");
        File.WriteAllText(Path.Combine(extra, "lines.jsonl"), Event(3) + "\n" + Event(4) + "\n");
        var records = Gzip("{\"Records\":[" + string.Join(",", Enumerable.Range(10, 30).Select(Event)) + "]}");
        File.WriteAllBytes(Path.Combine(extra, "cut.json.gz"), records[..(records.Length * 2 / 3)]); // salvaged event by event
        var times = AgeEverything(evidence);

        using (var trail = new CloudTrailLocal(new EvidenceRoot(evidence), "cloudtrail"))
        {
            var all = trail.Query("SELECT eventname, count(*) AS n FROM cloudtrail GROUP BY 1 ORDER BY 1");
            var day = trail.Query("SELECT count(*) FROM cloudtrail WHERE date_partition = '2026/11/29'");
            Assert.Contains(all.Rows, r => (string?)r[0] == "E4");
            Assert.Contains(all.Scan.Skipped, p => p.File.EndsWith("cut.json.gz", StringComparison.Ordinal));
            Assert.True(Convert.ToInt64(day.Rows[0][0]) > 0);
        }

        Assert.Equal(times, AccessTimes(times.Keys));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_insights_load_and_query_leave_the_access_time_of_every_file_and_folder_as_it_was(bool streamed)
    {
        var evidence = _temp.Combine("evidence");
        Copy(Repo.Path("sample-data", "incident-1", "control-plane"), Path.Combine(evidence, "logs"));
        File.WriteAllText(Path.Combine(evidence, "logs", "audit.jsonl"),
            """{"kind":"Event","verb":"get","stageTimestamp":"2026-11-29T06:00:01Z"}""" + "\nnot json\n");
        var lines = Gzip(string.Join("\n", Enumerable.Range(0, 400).Select(i => $$"""{"kind":"Event","verb":"list","stageTimestamp":"2026-11-29T06:01:{{i % 60:D2}}Z"}""")));
        File.WriteAllBytes(Path.Combine(evidence, "logs", "cut.jsonl.gz"), lines[..(lines.Length / 2)]);
        Directory.CreateDirectory(Path.Combine(evidence, "logs", "s3", "task", "kube-scheduler-a"));
        File.WriteAllText(Path.Combine(evidence, "logs", "s3", "task", "kube-scheduler-a", "000000"), "2026-11-29T06:23:30.101Z I1129 bound pod\n");
        var times = AgeEverything(evidence);

        using (var logs = new InsightsLocal(new EvidenceRoot(evidence), "logs", oneShot: streamed))
        {
            var gets = logs.Query("filter verb = \"get\" | fields verb");
            var verbs = logs.Query("stats count(*) by verb");
            Assert.Contains(verbs.Rows, r => (string?)r[0] == "get");
            Assert.Contains(verbs.Scan.Skipped, p => p.File.EndsWith("cut.jsonl.gz", StringComparison.Ordinal));
            Assert.All(gets.Rows, r => Assert.Equal("get", r[0]));
            Assert.NotEmpty(gets.Rows);
        }

        Assert.Equal(times, AccessTimes(times.Keys));
    }

    private static string Event(int i) =>
        $$"""{"eventVersion":"1.09","eventTime":"2026-11-30T06:{{i % 60:D2}}:00Z","eventSource":"ec2.amazonaws.com","eventName":"E{{i}}","awsRegion":"us-west-2"}""";

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Sets the access time of everything below the folder (and of the folder) to one older than its
    /// modification time; returns them. Nothing is listed again afterwards: listing a folder is reading it.</summary>
    private static Dictionary<string, DateTime> AgeEverything(string folder)
    {
        var paths = Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Append(folder).ToList();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                Directory.SetLastAccessTimeUtc(path, Old);
            }
            else
            {
                File.SetLastAccessTimeUtc(path, Old);
            }
        }

        var times = AccessTimes(paths);
        Assert.All(times.Values, t => Assert.Equal(Old, t));
        return times;
    }

    private static Dictionary<string, DateTime> AccessTimes(IEnumerable<string> paths) =>
        paths.ToDictionary(p => p, p => Directory.Exists(p) ? Directory.GetLastAccessTimeUtc(p) : File.GetLastAccessTimeUtc(p));
}
