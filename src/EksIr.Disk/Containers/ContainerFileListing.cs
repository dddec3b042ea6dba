using System.Security.Cryptography;
using EksIr.Core.Reporting;
using EksIr.Disk.Containers.Overlay;
using EksIr.Core.Evidence;
using EksIr.Core.FileSystems;
using EksIr.Core.Time;

namespace EksIr.Disk.Containers;

/// <summary>
/// The <c>ls</c> verb: a directory (or a whole subtree) of a container as the container saw it, each entry with
/// its provenance (the container's own layer or an image layer), whether the container added or changed it, and —
/// when asked — the SHA-256 of each file. Paths the container deleted are listed too, marked D, so the listing
/// shows what the image had there. What could not be followed (unreadable, or deeper than the path depth limit) is
/// among its problems.
/// </summary>
public sealed record ContainerFileListing(ContainerRecord Container, string Path, bool Recursive, IReadOnlyList<FileRow> Files, IReadOnlyList<EvidenceProblem> Problems)
{
    public static ContainerFileListing Of(EvidenceRoot root, string container, string path = "/", bool recursive = false, bool hash = false)
    {
        var (record, fs) = ContainerFilesystems.Open(root, container, root.Recorder);
        var start = fs.Lookup(RawPath.Parse(path), followFinalLink: true) ?? throw new EvidenceAccessException(path, $"no such path in container {record.Name}");
        var changes = OverlayDiff.Changes(fs).ToDictionary(c => c.Path, StringComparer.Ordinal);
        IEnumerable<MergedEntry> entries = start.Status.Kind != FileKind.Directory ? [start]
            : recursive ? fs.Walk(start.DisplayPath) : fs.List(start);
        var rows = entries.Select(e => FileRow.From(fs, e, changes.GetValueOrDefault(e.DisplayPath)?.Change, hash)).ToList();

        // The container's deletions in the listed scope: gone from its view, still in the image below.
        var scope = start.DisplayPath == "/" ? "/" : start.DisplayPath + "/";
        rows.AddRange(changes.Values
            .Where(c => c.Change == 'D' && c.Path.StartsWith(scope, StringComparison.Ordinal) && (recursive || !c.Path[scope.Length..].Contains('/')))
            .Select(c => new FileRow(c.Path, null, null, null, null, null, c.Status?.ModifyTime, null, fs.Layers[0].Id, 0, "D", null)));
        rows.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new ContainerFileListing(record, start.DisplayPath, recursive, rows, [.. fs.Problems]);
    }

    public string Summary
    {
        get
        {
            var changed = Files.Count(f => f.Change is "A" or "C");
            var deleted = Files.Count(f => f.Change == "D");
            return $"{Container.Name}:{Path}: {Counted.Of(Files.Count - deleted, "entry", "entries")} ({changed} added or changed by the container), {deleted} deleted";
        }
    }
}

/// <summary>One entry of a container listing; <see cref="LayerIndex"/> 0 is the container's own (writable) layer.</summary>
public sealed record FileRow(string Path, string? Type, string? Mode, long? Size, uint? Uid, uint? Gid, PreciseTime? Modified, string? LinkTarget,
    string Layer, int LayerIndex, string? Change, string? Sha256)
{
    public static FileRow From(OverlayFilesystem fs, MergedEntry e, char? change, bool hash)
    {
        string? sha = null;
        if (hash && e.Status.Kind == FileKind.File)
        {
            using var stream = fs.OpenRead(e);
            sha = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        return new FileRow(e.DisplayPath, e.Status.Kind.ToString().ToLowerInvariant(), e.Status.ModeString(),
            e.Status.Kind == FileKind.File ? e.Status.Size : null, e.Status.Uid, e.Status.Gid, e.Status.ModifyTime, e.DisplayLinkTarget,
            fs.Layers[e.LayerIndex].Id, e.LayerIndex, change?.ToString(), sha);
    }
}
