using System.Security.Cryptography;
using System.Text.Json;
using EksIr.Core.Reporting;
using EksIr.Disk.Containers.Overlay;
using EksIr.Core.Evidence;
using EksIr.Core.FileSystems;
using EksIr.Core.Time;

namespace EksIr.Disk.Containers;

/// <summary>
/// The <c>export</c> verb: copies a file or subtree of a container, as the container saw it, out of the evidence
/// for analysis elsewhere (a sandbox, a malware scanner). Written under <c>DEST/files/</c> with a
/// <c>DEST/manifest.json</c> of every entry: original mode, owner, times, provenance layer and SHA-256.
/// Safe by default: exported files are never executable or setuid (mode 0640, the original kept in the
/// manifest), links are recorded not created, devices and FIFOs are recorded not opened, nothing existing is
/// overwritten, and the destination may not lie inside the evidence. What could not be followed (deeper than the path
/// depth limit) is among its problems.
/// </summary>
public sealed record ContainerExport(ContainerRecord Container, string Path, string Destination, IReadOnlyList<ExportedEntry> Entries,
    IReadOnlyList<EvidenceProblem> Problems)
{
    public const string FilesFolder = "files";
    public const string ManifestFile = "manifest.json";

    public static ContainerExport Run(EvidenceRoot root, string container, string path, string destination)
    {
        var target = System.IO.Path.GetFullPath(destination);
        if (PathContainment.IsInside(root.EvidenceFolder, target))
        {
            throw new EvidenceAccessException(destination, $"is inside the evidence ({root.EvidenceFolder}, links resolved); evidence is never written to — choose another place");
        }

        var (record, fs) = ContainerFilesystems.Open(root, container, root.Recorder);
        var start = fs.Lookup(RawPath.Parse(path), followFinalLink: true) ?? throw new EvidenceAccessException(path, $"no such path in container {record.Name}");
        var files = System.IO.Path.Combine(target, FilesFolder);
        var manifest = System.IO.Path.Combine(target, ManifestFile);
        if (File.Exists(manifest))
        {
            throw new EvidenceAccessException(manifest, "an export is already there; choose an empty destination (nothing is overwritten)");
        }

        var entries = new List<ExportedEntry>();
        IEnumerable<MergedEntry> tree = start.Status.Kind == FileKind.Directory ? fs.Walk(start.DisplayPath).Prepend(start) : [start];
        foreach (var entry in tree)
        {
            entries.Add(Export(fs, entry, files));
        }

        Directory.CreateDirectory(target);
        using (var stream = new FileStream(manifest, FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, entries, ManifestOptions);
        }

        return new ContainerExport(record, start.DisplayPath, target, entries, [.. fs.Problems]);
    }

    /// <summary>
    /// A destination named after what is exported and when: <c>exports/&lt;container&gt;/&lt;path with '_' for
    /// '/'&gt;-&lt;UTC time&gt;</c>, so that running a playbook again exports again beside the earlier copy. A whole
    /// 64-digit container id is shortened to its first 12 digits, as docker and crictl show it.
    /// </summary>
    public static string DefaultFolder(string container, string path, DateTimeOffset now)
    {
        if (container.Length == 64 && container.All(char.IsAsciiHexDigitLower))
        {
            container = container[..12];
        }

        var name = string.Concat(path.Trim('/').Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
        var safeContainer = string.Concat(container.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return System.IO.Path.Combine("exports", safeContainer, $"{(name.Length == 0 ? "root" : name.TrimStart('.'))}-{stamp}");
    }

    private static readonly JsonSerializerOptions ManifestOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static ExportedEntry Export(OverlayFilesystem fs, MergedEntry entry, string files)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("exports keep Linux permission bits; run on Linux");
        }

        var s = entry.Status;
        var relative = entry.DisplayPath.TrimStart('/');
        var output = relative.Length == 0 ? files : System.IO.Path.Combine(files, relative);
        if (!PathContainment.IsInside(files, output) && output != files)
        {
            throw new EvidenceAccessException(entry.DisplayPath, "would be written outside the export folder");
        }

        string? exportedAs = null;
        string? sha = null;
        string? note = null;
        switch (s.Kind)
        {
            case FileKind.Directory:
                Directory.CreateDirectory(output, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
                exportedAs = relative;
                break;
            case FileKind.File:
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(output)!);
                using (var source = fs.OpenRead(entry))
                using (var sink = new FileStream(output, new FileStreamOptions
                       {
                           Mode = FileMode.CreateNew,
                           Access = FileAccess.Write,
                           UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
                       }))
                using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
                {
                    var buffer = new byte[1 << 16];
                    int n;
                    while ((n = source.Read(buffer)) > 0)
                    {
                        hash.AppendData(buffer, 0, n);
                        sink.Write(buffer, 0, n);
                    }

                    sha = Convert.ToHexStringLower(hash.GetHashAndReset());
                }

                File.SetLastWriteTimeUtc(output, s.ModifyTime.ToDateTimeOffset().UtcDateTime);
                exportedAs = relative;
                break;
            case FileKind.SymbolicLink:
                note = "link recorded, not created";
                break;
            default:
                note = $"{s.Kind.ToString().ToLowerInvariant()} recorded, not opened";
                break;
        }

        return new ExportedEntry(entry.DisplayPath, s.Kind.ToString().ToLowerInvariant(), s.ModeString(), s.Kind == FileKind.File ? s.Size : null,
            s.Uid, s.Gid, s.ModifyTime, s.AccessTime, s.ChangeTime, entry.DisplayLinkTarget, fs.Layers[entry.LayerIndex].Id, sha, exportedAs, note);
    }

    public string Summary =>
        $"exported {Counted.Of(Entries.Count(e => e.Type == "file"), "file")} ({Counted.Of(Entries.Sum(e => e.Size ?? 0), "byte")}) of {Container.Name}:{Path} to {Destination}" +
        (Entries.Count(e => e.Note is not null) is var recorded and > 0 ? $"; {recorded} links/devices recorded in the manifest only" : "");
}

/// <summary>One entry of an export manifest: what it was in the container, and what was written for it (relative to files/).</summary>
public sealed record ExportedEntry(string Path, string Type, string Mode, long? Size, uint Uid, uint Gid, PreciseTime Modified, PreciseTime? Accessed,
    PreciseTime? Changed, string? LinkTarget, string Layer, string? Sha256, string? ExportedAs, string? Note);
