using EksIr.Core.Cases;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace EksIr.Kernel.Tests.Disk;

[Collection(ContainerdNodeCollection.Name)]
public sealed class DiskDirectivesTests(ContainerdNode node) : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [ContainerdFact]
    public async Task Containers_lists_the_node_inside_the_case_and_journals_the_metadata_read()
    {
        using var kernel = await KernelFixture.CreateAsync();
        var journal = _temp.Combine("case", "journal.jsonl");
        var evidence = Path.GetDirectoryName(node.Root)!;
        (await kernel.SubmitCodeAsync($"#!case open --name INC-5 --evidence \"{evidence}\" --journal \"{journal}\"")).ShouldSucceed();

        var result = await kernel.SubmitCodeAsync("#!containers --root node");

        result.ShouldSucceed();
        var html = result.SingleDisplayedHtml();
        Assert.Contains("<td>default/sysdiag</td>", html);
        Assert.Contains("(1 pod sandboxes)", html);
        var entry = new CaseJournal(journal).Read().Entries[^1];
        Assert.Equal("containers", entry.Verb);
        Assert.Equal("node", entry.Options["--root"]);
        var read = Assert.Single(entry.EvidenceRead, r => r.Path == "node/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db");
        Assert.NotNull(read.Sha256);
        Assert.Contains(entry.EvidenceRead, r => r.Path.StartsWith("node/var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/"));
    }

    [ContainerdFact]
    public async Task Diff_shows_a_file_tree_marking_changes_and_cat_shows_the_file_with_its_hash()
    {
        using var kernel = await KernelFixture.CreateAsync();
        var journal = _temp.Combine("case", "journal.jsonl");
        (await kernel.SubmitCodeAsync($"#!case open --name INC-5 --evidence \"{Path.GetDirectoryName(node.Root)}\" --journal \"{journal}\"")).ShouldSucceed();

        var diff = await kernel.SubmitCodeAsync("#!diff --root node --container sysdiag");
        var cat = await kernel.SubmitCodeAsync("#!cat --root node --container sysdiag /tmp/.x/miner.sh");

        diff.ShouldSucceed();
        var tree = diff.SingleDisplayedHtml();
        Assert.Contains("<details open", tree);
        Assert.Contains("<b style=\"color:#cb2431\">D</b> index.html", tree);
        Assert.Contains("A /tmp/.x/miner.sh", diff.SingleDisplayedText());
        cat.ShouldSucceed();
        Assert.Contains("while true; do sleep 60; done", cat.SingleDisplayedHtml());
        var entries = new CaseJournal(journal).Read().Entries;
        Assert.Equal("diff", entries[^2].Verb);
        Assert.StartsWith("sysdiag (8e1f2a3b4c5d): ", entries[^2].Summary);
        Assert.EndsWith(", 1 deleted", entries[^2].Summary);
        var read = Assert.Single(entries[^1].EvidenceRead, r => r.Path.EndsWith("/fs/tmp/.x/miner.sh"));
        Assert.StartsWith("node/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/", read.Path);
        Assert.NotNull(read.Sha256);
    }

    [Fact]
    public async Task A_root_outside_the_case_evidence_is_refused_and_the_failure_journaled()
    {
        using var kernel = await KernelFixture.CreateAsync();
        var journal = _temp.Combine("journal.jsonl");
        Directory.CreateDirectory(_temp.Combine("evidence"));
        (await kernel.SubmitCodeAsync($"#!case open --name INC-6 --evidence \"{_temp.Combine("evidence")}\" --journal \"{journal}\"")).ShouldSucceed();

        var result = await kernel.SubmitCodeAsync("#!containers --root /etc");

        var failed = Assert.Single(result.Events.OfType<CommandFailed>());
        Assert.Contains("/etc: outside the case's evidence folder", failed.Message);
        var entry = new CaseJournal(journal).Read().Entries[^1];
        Assert.Equal(JournalOutcome.Failed, entry.Outcome);
    }

    [Fact]
    public async Task Containers_without_an_open_case_says_to_open_one()
    {
        using var kernel = await KernelFixture.CreateAsync();

        var result = await kernel.SubmitCodeAsync("#!containers");

        Assert.StartsWith("no case is open", Assert.Single(result.Events.OfType<CommandFailed>()).Message);
    }
}
