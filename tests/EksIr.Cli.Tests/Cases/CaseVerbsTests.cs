using System.Text.Json;
using EksIr.Cli.Tests.Support;
using EksIr.Tests;

namespace EksIr.Cli.Tests.Cases;

public sealed class CaseVerbsTests : IDisposable
{
    private readonly TempDir _temp = new();

    public CaseVerbsTests() => _temp.Write("evidence/var/log/pods/default_sysdiag_1/sysdiag/0.log", "2026-11-20T09:15:00.1Z stdout F hello\n");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Case_open_status_and_report_work_from_the_command_line_with_json()
    {
        var open = await ProcessRun.EksirAsync(_temp.Path, "case", "open", "--name", "INC-3", "--evidence", "evidence", "--hash", "--json");
        Assert.True(open.ExitCode == 0, open.ToString());
        using (var opened = JsonDocument.Parse(open.StdOut))
        {
            Assert.Equal("INC-3", opened.RootElement.GetProperty("name").GetString());
            Assert.Equal(1, opened.RootElement.GetProperty("inventory").GetProperty("hashed").GetInt32());
        }

        var journal = _temp.Combine("cases", "INC-3", "journal.jsonl");
        var status = await ProcessRun.EksirAsync(_temp.Path, "case", "status", "--journal", journal, "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        using (var parsed = JsonDocument.Parse(status.StdOut))
        {
            var manifest = parsed.RootElement.GetProperty("evidenceManifest");
            Assert.Equal("var/log/pods/default_sysdiag_1/sysdiag/0.log", manifest[0].GetProperty("path").GetString());
            Assert.Equal(64, manifest[0].GetProperty("sha256").GetString()!.Length);
        }

        var table = await ProcessRun.EksirAsync(_temp.Path, "case", "status", "--journal", journal);
        Assert.Contains("case open", table.StdOut);

        var report = await ProcessRun.EksirAsync(_temp.Path, "case", "report", "--journal", journal, "--out", "report/INC-3.html");
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("<h1>Case INC-3 — incident report</h1>", File.ReadAllText(_temp.Combine("report", "INC-3.html")));
        Assert.Contains("# Case INC-3 — incident report", File.ReadAllText(_temp.Combine("report", "INC-3.md")));
    }

    [Fact]
    public async Task Errors_exit_non_zero_with_one_line_naming_the_file()
    {
        var missing = await ProcessRun.EksirAsync(_temp.Path, "case", "status", "--journal", "nope.jsonl");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("eksir case status: nope.jsonl: no case journal here", missing.StdErr.Trim());
        Assert.Equal("", missing.StdOut);

        var inside = await ProcessRun.EksirAsync(_temp.Path, "case", "open", "--name", "INC-4", "--evidence", "evidence", "--case-dir", "evidence/case");
        Assert.Equal(1, inside.ExitCode);
        Assert.Contains("inside the evidence folder", inside.StdErr);
        Assert.False(Directory.Exists(_temp.Combine("evidence", "case")));

        var usage = await ProcessRun.EksirAsync(_temp.Path, "case", "open", "--name", "INC-4");
        Assert.Equal(2, usage.ExitCode);
        Assert.Equal("eksir case open: --evidence is required (usage: eksir case open --name N --evidence DIR [--journal FILE] [--case-dir DIR] [--hash] [--scratch DIR] [--scratch-limit SIZE] [--json])", usage.StdErr.Trim());

        var verb = await ProcessRun.EksirAsync(_temp.Path, "frobnicate");
        Assert.Equal(2, verb.ExitCode);
        Assert.Contains("unknown verb 'frobnicate'", verb.StdErr);
    }
}
