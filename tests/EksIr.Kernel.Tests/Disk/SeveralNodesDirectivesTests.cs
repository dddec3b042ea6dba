using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace EksIr.Kernel.Tests.Disk;

/// <summary>A case whose node/ holds two node archives (the two samples): a cell names one with --node and is shown which it read; a cell naming none is told which there are.</summary>
public sealed class SeveralNodesDirectivesTests : IDisposable
{
    private const string Containerd = "ip-192-168-23-107.us-west-2.compute.internal";
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_cell_names_the_node_it_reads_and_one_naming_none_is_told_which_there_are()
    {
        var evidence = Directory.CreateDirectory(_temp.Combine("evidence", "node")).Parent!.FullName;
        File.Copy(Repo.Path("sample-data", "incident-1", "node", Containerd + ".tar.gz"), Path.Combine(evidence, "node", Containerd + ".tar.gz"));
        File.Copy(Repo.Path("sample-data", "docker-node", "shop-node.tar.gz"), Path.Combine(evidence, "node", "shop-node.tar.gz"));
        using var kernel = await KernelFixture.CreateAsync();
        (await kernel.SubmitCodeAsync($"#!case open --name INC-16 --evidence \"{evidence}\" --journal \"{_temp.Combine("case", "journal.jsonl")}\"")).ShouldSucceed();

        var named = await kernel.SubmitCodeAsync($"#!containers --node {Containerd}");
        var none = await kernel.SubmitCodeAsync("#!containers");

        named.ShouldSucceed();
        var shown = named.Events.OfType<DisplayedValueProduced>().ToList();
        Assert.Equal(2, shown.Count);
        Assert.Equal($"read node {Containerd} (node/{Containerd}.tar.gz)", Assert.Single(shown[0].FormattedValues, v => v.MimeType == "text/plain").Value);
        Assert.Contains(">default/sysdiag</td>", Assert.Single(shown[1].FormattedValues, v => v.MimeType == "text/html").Value);
        var failed = Assert.Single(none.Events.OfType<CommandFailed>());
        Assert.Contains($"node/: holds 2 node disks: {Containerd} (node/{Containerd}.tar.gz), shop-node (node/shop-node.tar.gz); name the one to read with --node NAME", failed.Message);
    }

    [Fact]
    public async Task Pstree_and_supertimeline_take_the_node_by_its_name_and_pstree_says_which_it_read()
    {
        using var kernel = await KernelFixture.CreateAsync();
        (await kernel.SubmitCodeAsync($"#!case open --name INC-16 --evidence \"{Repo.Path("sample-data", "incident-1")}\" --journal \"{_temp.Combine("case", "journal.jsonl")}\"")).ShouldSucceed();

        var tree = await kernel.SubmitCodeAsync($"#!pstree memory/volatility --node {Containerd}");
        var timeline = await kernel.SubmitCodeAsync($"#!supertimeline --node {Containerd} --source containerd");
        var unknown = await kernel.SubmitCodeAsync("#!supertimeline --node ip-10-9-9-9");

        tree.ShouldSucceed();
        var shown = tree.Events.OfType<DisplayedValueProduced>().ToList();
        Assert.Equal($"read node {Containerd} (node/{Containerd}.tar.gz)", Assert.Single(shown[0].FormattedValues, v => v.MimeType == "text/plain").Value);
        Assert.Contains("pod default/sysdiag: sysdiag (8e1f2a3b4c5d)", Assert.Single(shown[1].FormattedValues, v => v.MimeType == "text/html").Value);
        timeline.ShouldSucceed();
        Assert.Contains("sysdiag", timeline.Events.OfType<DisplayedValueProduced>().Last().FormattedValues.Single(v => v.MimeType == "text/html").Value);
        Assert.Contains($"ip-10-9-9-9: no such node archive or folder; node/ holds {Containerd} (node/{Containerd}.tar.gz)", Assert.Single(unknown.Events.OfType<CommandFailed>()).Message);
    }
}
