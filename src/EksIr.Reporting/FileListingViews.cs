using System.Globalization;
using EksIr.Core.Reporting;
using EksIr.Disk.Containers;

namespace EksIr.Reporting;

/// <summary>Renderings of a container listing: table rows (ls -l with provenance and change), and a file tree.</summary>
public static class FileListingViews
{
    public static readonly string[] Headers = ["Change", "Path", "Mode", "UID", "GID", "Size", "Modified (UTC)", "From layer", "SHA-256", "Link target"];

    public static IEnumerable<IReadOnlyList<string?>> Rows(ContainerFileListing listing) =>
        listing.Files.Select(f => (IReadOnlyList<string?>)
            [f.Change, f.Path, f.Mode, f.Uid?.ToString(CultureInfo.InvariantCulture), f.Gid?.ToString(CultureInfo.InvariantCulture),
             f.Size?.ToString(CultureInfo.InvariantCulture), f.Modified?.ToString(), Provenance(f), f.Sha256, f.LinkTarget]);

    /// <summary>"container" for the container's own layer, else "image" and the layer id (short).</summary>
    public static string Provenance(FileRow f) =>
        f.LayerIndex == 0 ? "container" : $"image {f.Layer[..Math.Min(12, f.Layer.Length)]}";

    public static string HtmlTree(ContainerFileListing listing) =>
        FileTreeHtml.Render(listing.Files.Select(f => new FileTreeHtml.Item(f.Path, f.Change, f.LinkTarget,
            f.Mode is { } mode ? $"{mode} {f.Uid}:{f.Gid} {f.Size} {f.Modified} {Provenance(f)}{(f.Sha256 is { } sha ? " sha256:" + sha : "")}" : "deleted")));
}
