using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EksIr.Cli.Tests.Hostile;
using EksIr.Core.Cases;

namespace EksIr.Cli.Tests.Disk;

/// <summary>
/// logs and cat, declared once for both front ends: logs shows the last 200 messages unless --tail says otherwise and
/// streams every one with --tail all; cat prints the file's bytes, its facts with --json, and journals its SHA-256 in a case.
/// </summary>
public sealed class DeclaredContainerFileVerbsTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A json-file log as Docker's json-file driver writes it (one JSON object per line: log, stream, time; docs.docker.com/engine/logging/drivers/json-file).</summary>
    private static string JsonFileLog(int messages) => string.Concat(Enumerable.Range(0, messages).Select(i =>
        JsonSerializer.Serialize(new { log = $"message {i}\n", stream = "stdout", time = $"2026-11-29T06:{i / 60 % 60:00}:{i % 60:00}.000000000Z" }) + "\n"));

    [Fact]
    public async Task Logs_shows_the_last_200_messages_by_default_and_streams_every_one_with_tail_all()
    {
        var node = HandMadeDockerNode.Write(_temp, jsonLog: JsonFileLog(250));

        var last = await ProcessRun.EksirAsync(_temp.Path, "logs", node, "--container", "web");
        var all = await ProcessRun.EksirAsync(_temp.Path, "logs", node, "--container", "web", "--tail", "all");
        var allJson = await ProcessRun.EksirAsync(_temp.Path, "logs", node, "--container", "web", "--tail", "all", "--json");
        var three = await ProcessRun.EksirAsync(_temp.Path, "logs", node, "--container", "web", "--tail", "3", "--json");
        var wrong = await ProcessRun.EksirAsync(_temp.Path, "logs", node, "--container", "web", "--tail", "many");

        Assert.True(last.ExitCode == 0, last.ToString());
        var lines = last.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(200, lines.Length);
        Assert.EndsWith(" stdout message 50", lines[0]);
        Assert.Contains("the last 200 of 250 messages shown (--tail all shows every one)", last.StdErr);
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"message {i}"), all.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 3)[2]));
        Assert.DoesNotContain("messages shown", all.StdErr);
        using (var doc = JsonDocument.Parse(allJson.StdOut))
        {
            Assert.Equal(250, doc.RootElement.GetArrayLength());
            Assert.Equal(("message 0", "stdout", 1L), (doc.RootElement[0].GetProperty("message").GetString(), doc.RootElement[0].GetProperty("stream").GetString(), doc.RootElement[0].GetProperty("line").GetInt64()));
        }

        using (var doc = JsonDocument.Parse(three.StdOut))
        {
            Assert.Equal(["message 247", "message 248", "message 249"], doc.RootElement.EnumerateArray().Select(e => e.GetProperty("message").GetString()));
            Assert.Equal(250L, doc.RootElement[2].GetProperty("line").GetInt64());
        }

        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("--tail takes a number of messages or all, not 'many'", wrong.StdErr);
    }

    [Fact]
    public async Task Cat_prints_the_bytes_its_json_gives_the_facts_and_in_a_case_it_journals_the_files_sha256()
    {
        var node = HandMadeDockerNode.Write(_temp);
        var content = "line one\r\nline two, with a tab\there\n";
        File.WriteAllText(Path.Combine(HandMadeDockerNode.UpperDir(_temp), "notes.txt"), content, new UTF8Encoding(false));
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        var journal = _temp.Combine("case", "journal.jsonl");
        Assert.Equal(0, (await ProcessRun.EksirAsync(_temp.Path, "case", "open", "--name", "INC-9", "--evidence", node, "--journal", journal)).ExitCode);

        var bytes = await ProcessRun.EksirAsync(_temp.Path, "cat", node, "/notes.txt", "--container", "web");
        var facts = await ProcessRun.EksirAsync(_temp.Path, "cat", node, "/notes.txt", "--container", "web", "--json");
        var inCase = await ProcessRun.EksirAsync(_temp.Path, "cat", node, "/notes.txt", "--container", "web", "--journal", journal);

        Assert.True(bytes.ExitCode == 0, bytes.ToString());
        Assert.Equal(content, bytes.StdOut);
        using var doc = JsonDocument.Parse(facts.StdOut);
        Assert.Equal(("/notes.txt", content.Length, sha256), (doc.RootElement.GetProperty("path").GetString(), doc.RootElement.GetProperty("size").GetInt32(), doc.RootElement.GetProperty("sha256").GetString()));
        Assert.True(inCase.ExitCode == 0, inCase.ToString());
        Assert.Equal(content, inCase.StdOut);
        var entry = new CaseJournal(journal).Read().Entries[^1];
        Assert.Equal(("cat", JournalOutcome.Ok), (entry.Verb, entry.Outcome));
        Assert.Equal(new Dictionary<string, string> { ["--root"] = ".", ["--container"] = "web", ["--path"] = "/notes.txt" }, entry.Options);
        Assert.Contains($"sha256 {sha256}", entry.Summary);
        Assert.Contains(content.Length.ToString(CultureInfo.InvariantCulture) + " bytes", entry.Summary);
    }
}
