using EksIr.Core.Cases;
using EksIr.Tests;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;

namespace EksIr.Kernel.Tests.Cases;

public sealed class CaseDirectivesTests : IDisposable
{
    private readonly TempDir _temp = new();
    private readonly string _evidence;
    private readonly string _journal;

    public CaseDirectivesTests()
    {
        _evidence = Path.GetDirectoryName(_temp.Write("evidence/guardduty/finding.json", "{\"findings\":[]}"))!;
        _evidence = Path.GetDirectoryName(_evidence)!;
        _journal = _temp.Combine("case", "journal.jsonl");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Case_open_shows_the_case_as_html_and_text_and_journals_it()
    {
        using var kernel = await KernelFixture.CreateAsync();

        var result = await kernel.SubmitCodeAsync($"#!case open --name INC-2026-001 --evidence \"{_evidence}\" --journal \"{_journal}\" --hash");

        result.ShouldSucceed();
        var html = result.SingleDisplayedHtml();
        Assert.Contains("Case opened", html);
        Assert.Contains(">INC-2026-001</td>", html);
        Assert.Contains("Evidence files", result.SingleDisplayedText());
        var entry = Assert.Single(new CaseJournal(_journal).Read().Entries);
        Assert.Equal("case open", entry.Verb);
        Assert.Equal("guardduty/finding.json", Assert.Single(entry.EvidenceRead).Path);
        Assert.NotNull(entry.EvidenceRead[0].Sha256);
    }

    [Fact]
    public async Task Case_open_with_a_scratch_limit_applies_it_to_the_node_archives_of_the_evidence_and_journals_it()
    {
        using var kernel = await KernelFixture.CreateAsync();
        var scratch = _temp.Combine("scratch");
        Directory.CreateDirectory(scratch);
        var incident = Repo.Path("sample-data", "incident-1");

        (await kernel.SubmitCodeAsync($"#!case open --name INC-9 --evidence \"{incident}\" --journal \"{_journal}\" --scratch \"{scratch}\" --scratch-limit 64K")).ShouldSucceed();
        var result = await kernel.SubmitCodeAsync("#!status --root node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz");

        var failed = Assert.Single(result.Events.OfType<CommandFailed>());
        Assert.StartsWith($"{incident}/node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz: unpacking it for reading needs more than 64 KiB (65536 bytes) of scratch space in {scratch}", failed.Message);
        var opened = new CaseJournal(_journal).Read().Entries.First(e => e.Verb == "case open");
        Assert.Equal((scratch, "65536"), (opened.Options["--scratch"], opened.Options["--scratch-limit"]));
    }

    [Fact]
    public async Task Case_status_before_a_case_is_open_fails_with_one_clear_line()
    {
        using var kernel = await KernelFixture.CreateAsync();

        var result = await kernel.SubmitCodeAsync("#!case status");

        var failed = Assert.Single(result.Events.OfType<CommandFailed>());
        Assert.StartsWith("no case is open", failed.Message);
        Assert.DoesNotContain("   at ", failed.Message);
    }

    [Fact]
    public async Task Case_open_on_a_missing_evidence_folder_names_it()
    {
        using var kernel = await KernelFixture.CreateAsync();

        var result = await kernel.SubmitCodeAsync($"#!case open --name INC-1 --evidence \"{_temp.Combine("nope")}\" --journal \"{_journal}\"");

        var failed = Assert.Single(result.Events.OfType<CommandFailed>());
        Assert.Equal($"{_temp.Combine("nope")}: evidence folder does not exist", failed.Message);
        Assert.False(File.Exists(_journal));
    }

    [Fact]
    public async Task Case_open_without_its_required_options_is_refused_by_the_directive()
    {
        using var kernel = await KernelFixture.CreateAsync();

        var result = await kernel.SubmitCodeAsync("#!case open --name INC-1");

        var failed = Assert.Single(result.Events.OfType<CommandFailed>());
        Assert.Contains("--evidence", failed.Message);
    }

    [Fact]
    public async Task Status_then_report_read_the_journal_and_the_report_is_journaled()
    {
        using var kernel = await KernelFixture.CreateAsync();
        (await kernel.SubmitCodeAsync($"#!case open --name INC-7 --evidence \"{_evidence}\" --journal \"{_journal}\"")).ShouldSucceed();

        var status = await kernel.SubmitCodeAsync("#!case status --last 5");
        status.ShouldSucceed();
        Assert.Contains("<td>case open</td>", status.SingleDisplayedHtml());

        var reportPath = _temp.Combine("out", "INC-7.html");
        var report = await kernel.SubmitCodeAsync($"#!case report --out \"{reportPath}\"");
        report.ShouldSucceed();
        Assert.Contains("Report written", report.SingleDisplayedHtml());
        Assert.Contains("<h1>Case INC-7 — incident report</h1>", File.ReadAllText(reportPath));
        Assert.Equal(["case open", "case report"], new CaseJournal(_journal).Read().Entries.Select(e => e.Verb));
    }

    [Fact]
    public async Task The_open_case_is_per_kernel_not_shared_between_notebooks()
    {
        using var first = await KernelFixture.CreateAsync();
        using var second = await KernelFixture.CreateAsync();
        (await first.SubmitCodeAsync($"#!case open --name INC-8 --evidence \"{_evidence}\" --journal \"{_journal}\"")).ShouldSucceed();

        var result = await second.SubmitCodeAsync("#!case status");

        Assert.Single(result.Events.OfType<CommandFailed>());
    }

    [Fact]
    public async Task Loading_inside_a_command_shows_one_banner_listing_the_magic_commands_added()
    {
        using var kernel = new CompositeKernel { new CSharpKernel() };
        kernel.AddDirective(new KernelActionDirective("#!load-for-test"), (_, _) => new EksIrKernelExtension().OnLoadAsync(kernel));

        var result = await kernel.SubmitCodeAsync("#!load-for-test");

        result.ShouldSucceed();
        var banner = result.SingleDisplayedText();
        Assert.StartsWith("EKS IR Notebooks 0.1.0-dev", banner);
        var commands = banner[(banner.IndexOf("Magic commands: ", StringComparison.Ordinal) + 16)..].Split(", ");
        Assert.Equal(["#!case open", "#!case status", "#!case report"], commands[..3]);
        Assert.Equal(["#!acquire instance", "#!acquire node", "#!acquire pod-logs", "#!acquire volumes", "#!case confirm", "#!cat", "#!check", "#!connect athena", "#!connect cloudtrail", "#!connect insights", "#!contain instance", "#!contain node", "#!contain pod", "#!containers", "#!diff", "#!entity", "#!export", "#!finding", "#!guardduty", "#!history", "#!images", "#!insights", "#!ioc", "#!k8s node", "#!k8s pod", "#!layers", "#!lime", "#!logs", "#!ls", "#!maps", "#!pstree", "#!query-kernel athena", "#!query-kernel cloudtrail", "#!query-kernel insights", "#!status", "#!supertimeline", "#!timeline"], commands[3..].Order(StringComparer.Ordinal));
    }
}
