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
        Assert.Contains(">default/sysdiag</td>", html);
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
        Assert.Contains("title=\"deleted by the container\">D</b> index.html", tree);
        Assert.Contains("A /tmp/.x/miner.sh", diff.SingleDisplayedText());
        cat.ShouldSucceed();
        Assert.Contains("while true; do sleep 60; done", cat.SingleDisplayedHtml());
        var entries = new CaseJournal(journal).Read().Entries;
        Assert.Equal("diff", entries[^2].Verb);
        Assert.StartsWith("sysdiag (8e1f2a3b4c5d): ", entries[^2].Summary);
        Assert.EndsWith(", 1 deleted; 4 empty mount points the runtime made left out (--runtime-made shows them)", entries[^2].Summary);
        Assert.DoesNotContain("/proc", diff.SingleDisplayedText());
        var read = Assert.Single(entries[^1].EvidenceRead, r => r.Path.EndsWith("/fs/tmp/.x/miner.sh"));
        Assert.StartsWith("node/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/", read.Path);
        Assert.NotNull(read.Sha256);
    }

    [ContainerdFact]
    public async Task Diff_with_runtime_made_lists_the_mount_points_containerd_made_marked_and_journals_the_switch()
    {
        using var kernel = await KernelFixture.CreateAsync();
        var journal = _temp.Combine("case", "journal.jsonl");
        (await kernel.SubmitCodeAsync($"#!case open --name INC-5 --evidence \"{Path.GetDirectoryName(node.Root)}\" --journal \"{journal}\"")).ShouldSucceed();

        var diff = await kernel.SubmitCodeAsync("#!diff --root node --container sysdiag --runtime-made");

        diff.ShouldSucceed();
        var text = diff.SingleDisplayedText();
        foreach (var made in new[] { "/dev", "/proc", "/run", "/sys" })
        {
            Assert.Contains($"A {made}  (runtime-made)\n", text);
        }

        Assert.Contains("A /tmp/.x/miner.sh\n", text);
        Assert.Contains("(4 of them empty mount points the runtime made)", text);
        var entry = new CaseJournal(journal).Read().Entries[^1];
        Assert.Equal(("diff", "true"), (entry.Verb, entry.Options["--runtime-made"]));
    }

    [ContainerdFact]
    public async Task Ls_marks_the_dropped_files_with_hashes_and_export_copies_them_into_the_case_folder()
    {
        using var kernel = await KernelFixture.CreateAsync();
        var caseFolder = _temp.Combine("case");
        (await kernel.SubmitCodeAsync($"#!case open --name INC-5 --evidence \"{Path.GetDirectoryName(node.Root)}\" --case-dir \"{caseFolder}\"")).ShouldSucceed();

        var ls = await kernel.SubmitCodeAsync("#!ls --root node --container sysdiag /tmp --recursive --hash");
        var export = await kernel.SubmitCodeAsync("#!export --root node --container sysdiag /tmp/.x");

        ls.ShouldSucceed();
        var tree = ls.SingleDisplayedHtml();
        Assert.Contains("title=\"added by the container\">A</b> miner.sh", tree);
        Assert.Contains("sha256:0c9aaa6a9d72c2f491918e9ae5531432fdecfec691a2b5e10d725bf17d39daad", tree); // printf'd by the generator
        Assert.Contains("sysdiag:/tmp: 3 entries (3 added or changed by the container), 0 deleted", ls.SingleDisplayedText());
        export.ShouldSucceed();
        var manifest = Assert.Single(Directory.GetFiles(Path.Combine(caseFolder, "exports", "sysdiag"), "manifest.json", SearchOption.AllDirectories));
        Assert.Contains("\"mode\": \"-rwsr-xr-x\"", File.ReadAllText(manifest));
        var entry = new CaseJournal(Path.Combine(caseFolder, "journal.jsonl")).Read().Entries[^1];
        Assert.Equal(("export", "/tmp/.x"), (entry.Verb, entry.Options["--path"]));
        Assert.StartsWith("exported 2 files (", entry.Summary);
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
