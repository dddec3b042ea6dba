using EksIr.Core.Cases;
using EksIr.Core.Evidence;
using EksIr.Tests;

namespace EksIr.Core.Tests.Cases;

public sealed class CaseJournalTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static JournalEntry Entry(string verb, DateTimeOffset time) =>
        new(time, "analyst1", "ws-17", "INC-1", "/evidence", verb, new Dictionary<string, string> { ["--container"] = "abc" },
            [new EvidenceFileRead("var/lib/docker/containers/abc/config.v2.json", 10, 10, "00ff")], JournalOutcome.Ok, "1 container");

    [Fact]
    public void Entries_round_trip_as_one_json_object_per_line()
    {
        var journal = new CaseJournal(_temp.Combine("case", "journal.jsonl"));
        var time = new DateTimeOffset(2026, 11, 20, 9, 14, 52, 311, TimeSpan.Zero);
        journal.Append(Entry("containers", time));
        journal.Append(Entry("diff", time.AddSeconds(1)));

        var lines = File.ReadAllLines(journal.Path);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"time\":\"2026-11-20T09:14:52.311+00:00\"", lines[0]);
        Assert.Contains("\"outcome\":\"ok\"", lines[0]);
        Assert.Contains("\"sha256\":\"00ff\"", lines[0]);

        var read = journal.Read();
        Assert.Empty(read.Damaged);
        Assert.Equal(["containers", "diff"], read.Entries.Select(e => e.Verb));
        Assert.Equal("abc", read.Entries[0].Options["--container"]);
        Assert.Equal(time, read.Entries[0].Time);
    }

    [Fact]
    public void Damaged_lines_are_counted_with_their_line_numbers_and_the_rest_is_read()
    {
        var journal = new CaseJournal(_temp.Combine("journal.jsonl"));
        journal.Append(Entry("containers", DateTimeOffset.UnixEpoch));
        File.AppendAllText(journal.Path, "{\"time\": \"trunc\n[1,2]\n{}\n");
        journal.Append(Entry("diff", DateTimeOffset.UnixEpoch));

        var read = journal.Read();

        Assert.Equal(["containers", "diff"], read.Entries.Select(e => e.Verb));
        Assert.Equal([2, 3, 4], read.Damaged.Select(d => d.Line));
    }
}
