using EksIr.Core.Cases;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace EksIr.Kernel.Tests.Investigation;

/// <summary>#!supertimeline, #!entity, #!finding, #!check and the grown #!case report inside a case on the training incident.</summary>
public sealed class InvestigationDirectivesTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Last(KernelCommandResult result, string mime) =>
        result.Events.OfType<DisplayedValueProduced>().Last().FormattedValues.Single(v => v.MimeType == mime).Value;

    [Fact]
    public async Task The_investigation_verbs_show_export_cite_check_and_write_up_and_every_one_is_journaled()
    {
        using var kernel = await KernelFixture.CreateAsync();
        var caseDir = _temp.Combine("case");
        (await kernel.SubmitCodeAsync($"#!case open --name INC-21 --evidence \"{Repo.Path("sample-data", "incident-1")}\" --case-dir \"{caseDir}\"")).ShouldSucceed();

        var timeline = await kernel.SubmitCodeAsync("#!supertimeline --start 2026-11-29T06:19:00Z --end 2026-11-29T06:45:00Z --export timeline.csv");
        var audit = await kernel.SubmitCodeAsync("#!supertimeline --entity sysdiag --source k8s-audit --limit 2");
        var chain = await kernel.SubmitCodeAsync("#!entity AKIA5DEVINTERN7EXMPL --hops 2");
        var unknown = await kernel.SubmitCodeAsync("#!entity nosuch");
        var finding = await kernel.SubmitCodeAsync("#!finding --title \"Stolen node credentials\" --entity ASIA5NODEROLE7STOLEN --detail \"used from 203.0.113.50\"");
        var badFinding = await kernel.SubmitCodeAsync("#!finding --title \"Nothing behind it\" --rows audit:nosuch");
        var expect = EksIr.Investigation.Training.AnswerCheck.Expect("5", "06:23:31", "time");
        var right = await kernel.SubmitCodeAsync($"#!check --question 5 --answer 2026-11-29T06:23:31.390Z --kind time --expect {expect}");
        var wrong = await kernel.SubmitCodeAsync($"#!check --question 5 --answer 06:24:05 --kind time --expect {expect} --hint \"the first exec\"");
        var report = await kernel.SubmitCodeAsync("#!case report");

        timeline.ShouldSucceed();
        var html = Last(timeline, "text/html");
        Assert.Contains("class=\"eksir-swimlanes\"", html);
        Assert.Contains("eksir-sortable", html);
        Assert.Contains("dev-intern create pods/exec default/sysdiag", html);
        var csv = File.ReadAllLines(Path.Combine(caseDir, "timeline.csv"));
        Assert.StartsWith("datetime,timestamp,timestamp_desc,message,time_ns,source", csv[0]);
        Assert.Contains(csv, l => l.Contains("ASIA5NODEROLE7STOLEN", StringComparison.Ordinal) && l.Contains("RunInstances", StringComparison.Ordinal));
        Assert.Contains($"rows exported to {Path.Combine(caseDir, "timeline.csv")}", Last(timeline, "text/plain"));

        audit.ShouldSucceed();
        Assert.Contains("5 rows naming pod:default/sysdiag from k8s-audit", Last(audit, "text/plain"));
        Assert.Contains("the first 2 shown", Last(audit, "text/plain"));
        chain.ShouldSucceed();
        Assert.Contains("<b>arn:aws:iam::111122223333:user/dev-intern</b>", Last(chain, "text/html"));
        Assert.Contains("8e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f", Last(chain, "text/plain"));
        Assert.StartsWith("'nosuch' names no entity of the timeline", Assert.Single(unknown.Events.OfType<CommandFailed>()).Message);
        finding.ShouldSucceed();
        Assert.Contains(" recorded: Stolen node credentials (", Last(finding, "text/plain"));
        Assert.Contains("not in the super-timeline: audit:nosuch", Assert.Single(badFinding.Events.OfType<CommandFailed>()).Message);
        right.ShouldSucceed();
        Assert.Contains("✔ correct", Last(right, "text/html"));
        wrong.ShouldSucceed();
        Assert.Equal("question 5: not yet — '06:24:05' is not the answer; hint: the first exec", Last(wrong, "text/plain"));
        report.ShouldSucceed();
        var written = File.ReadAllText(Path.Combine(caseDir, "report.html"));
        Assert.Contains(">1. Stolen node credentials <small>", written);
        Assert.Contains("used from 203.0.113.50", File.ReadAllText(Path.Combine(caseDir, "report.md")));

        var entries = new CaseJournal(Path.Combine(caseDir, "journal.jsonl")).Read().Entries;
        Assert.Equal(["case open", "supertimeline", "supertimeline", "entity", "entity", "finding", "finding", "check", "check", "case report"], entries.Select(e => e.Verb));
        Assert.Equal(JournalOutcome.Failed, entries[4].Outcome);
        Assert.Equal(JournalOutcome.Failed, entries[6].Outcome);
        Assert.Contains(entries[1].EvidenceRead, r => r.Path.StartsWith("cloudtrail/AWSLogs/", StringComparison.Ordinal));
        Assert.Contains(entries[1].EvidenceRead, r => r.Path.StartsWith("guardduty/", StringComparison.Ordinal) && r.Sha256 is not null);
        Assert.Contains(entries[1].EvidenceRead, r => r.Path.StartsWith("node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz!/var/lib/containerd", StringComparison.Ordinal));
        Assert.Equal("timeline.csv", entries[1].Options["--export"]);
        Assert.Equal("question 5: correct (2026-11-29T06:23:31.390Z)", entries[7].Summary);
    }
}
