using System.Security.Cryptography;
using System.Text.Json;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Core.Tests.Containers;

/// <summary>ls and export of a container's files on the real containerd node: provenance, A/C/D, hashes, safe copies.</summary>
[Collection(ContainerdNodeCollection.Name)]
public sealed class ContainerFilesTests(ContainerdNode node) : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [ContainerdFact]
    public void A_listing_marks_what_the_container_added_changed_and_deleted_and_where_each_entry_comes_from()
    {
        var root = new EvidenceRoot(node.Root);

        var etc = ContainerFileListing.Of(root, "sysdiag", "/etc");
        Assert.Equal("C", Assert.Single(etc.Files, f => f.Path == "/etc/sysdiag.conf").Change);
        var passwd = Assert.Single(etc.Files, f => f.Path == "/etc/passwd");
        Assert.Null(passwd.Change);
        Assert.NotEqual(0, passwd.LayerIndex); // from the image
        Assert.Equal(0, etc.Files.Single(f => f.Path == "/etc/sysdiag.conf").LayerIndex);

        var www = ContainerFileListing.Of(root, "sysdiag", "/var/www");
        var deleted = Assert.Single(www.Files);
        Assert.Equal(("/var/www/index.html", "D", (string?)null), (deleted.Path, deleted.Change, deleted.Type));

        var dropped = ContainerFileListing.Of(root, "sysdiag", "/tmp", recursive: true, hash: true);
        Assert.Equal(["/tmp/.x", "/tmp/.x/miner.sh", "/tmp/.x/sh"], dropped.Files.Select(f => f.Path));
        Assert.All(dropped.Files, f => Assert.Equal("A", f.Change));
        var sh = dropped.Files.Single(f => f.Path == "/tmp/.x/sh");
        Assert.Equal("-rwsr-xr-x", sh.Mode);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes("/bin/busybox"))), sh.Sha256); // the generator copied busybox
        Assert.Equal("sysdiag:/tmp: 3 entries (3 added or changed by the container), 0 deleted", dropped.Summary);

        var single = ContainerFileListing.Of(root, "sysdiag", "/bin/sh");
        Assert.Equal("/bin/busybox", Assert.Single(single.Files).Path); // a link followed inside the container, to what it names
    }

    [ContainerdFact]
    public void An_export_copies_content_with_hashes_never_executable_never_over_existing_files_never_into_evidence()
    {
        var before = EvidenceTree.Hash(node.Root);
        var root = new EvidenceRoot(node.Root);
        var destination = _temp.Combine("export");

        var export = ContainerExport.Run(root, "sysdiag", "/tmp/.x", destination);

        var copied = Path.Combine(destination, "files", "tmp", ".x", "sh");
        Assert.Equal(File.ReadAllBytes("/bin/busybox"), File.ReadAllBytes(copied));
        Assert.Equal("-rw-r-----", Core.FileSystems.FileStatus.Lstat(copied)!.ModeString());
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(destination, "manifest.json")));
        var sh = manifest.RootElement.EnumerateArray().Single(e => e.GetProperty("path").GetString() == "/tmp/.x/sh");
        Assert.Equal("-rwsr-xr-x", sh.GetProperty("mode").GetString()); // the original mode, in the manifest
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(copied))), sh.GetProperty("sha256").GetString());
        Assert.Equal(3, export.Entries.Count);

        var again = Assert.Throws<EvidenceAccessException>(() => ContainerExport.Run(root, "sysdiag", "/tmp/.x", destination));
        Assert.Contains("nothing is overwritten", again.Message, StringComparison.Ordinal);
        var inside = Assert.Throws<EvidenceAccessException>(() => ContainerExport.Run(root, "sysdiag", "/etc", Path.Combine(node.Root, "out")));
        Assert.Contains("is inside the evidence", inside.Message, StringComparison.Ordinal);

        var links = ContainerExport.Run(root, "sysdiag", "/bin", _temp.Combine("bin"));
        var link = Assert.Single(links.Entries, e => e.Path == "/bin/sh");
        Assert.Equal(("busybox", "link recorded, not created", (string?)null), (link.LinkTarget, link.Note, link.ExportedAs));
        Assert.False(Path.Exists(_temp.Combine("bin", "files", "bin", "sh")));
        Assert.Equal(before, EvidenceTree.Hash(node.Root));
    }
}
