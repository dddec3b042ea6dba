using System.Text;
using EksIr.Core.FileSystems;
using EksIr.Core.FileSystems.Tar;

namespace EksIr.Core.Evidence;

/// <summary>
/// The one door to files under an evidence root: a mounted node volume, a folder of exported logs, or a tar
/// archive of a node's files. Opens read-only; resolves every path component itself so that symbolic links are
/// followed <em>inside</em> the root only — an absolute link target such as <c>/etc/shadow</c> means
/// <c>&lt;root&gt;/etc/shadow</c>, and <c>..</c> never climbs above the root; records each completed read (path,
/// size, SHA-256). Never creates, modifies or deletes anything under the root.
/// </summary>
public sealed class EvidenceRoot
{
    private const int MaxLinkHops = 40; // as Linux's MAXSYMLINKS

    private readonly IEvidenceReadRecorder? _recorder;
    private readonly ScratchSpace? _scratch;
    private readonly OpenedArchives _opened;

    /// <summary>A folder of the analysis host as evidence root; archives in it are unpacked into <paramref name="scratch"/> when they must be.</summary>
    public EvidenceRoot(string directory, IEvidenceReadRecorder? recorder = null, ScratchSpace? scratch = null)
    {
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new EvidenceAccessException(directory, "evidence root does not exist or is not a directory");
        }

        Volume = new HostFolderVolume(full);
        Top = [];
        FullPath = Volume.Location;
        EvidenceFolder = FullPath;
        _recorder = recorder;
        _scratch = scratch;
        _opened = new OpenedArchives();
    }

    private EvidenceRoot(EvidenceVolume volume, byte[] top, string fullPath, string evidenceFolder, IEvidenceReadRecorder? recorder, ScratchSpace? scratch, OpenedArchives opened)
    {
        _opened = opened;
        Volume = volume;
        Top = top;
        FullPath = fullPath;
        EvidenceFolder = evidenceFolder;
        _recorder = recorder;
        _scratch = scratch;
    }

    /// <summary>A node root given on a command line: a folder, or a tar archive (.tar, .tar.gz) of one.</summary>
    public static EvidenceRoot Open(string path, IEvidenceReadRecorder? recorder = null, ScratchSpace? scratch = null)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return new EvidenceRoot(full, recorder, scratch);
        }

        return File.Exists(full)
            ? new EvidenceRoot(Path.GetDirectoryName(full)!, recorder, scratch).Subroot(Path.GetFileName(full))
            : throw new EvidenceAccessException(path, "no such folder or archive");
    }

    /// <summary>Where the root is on the analysis host: a folder, or an archive file (with the folder inside it after '!/').</summary>
    public string FullPath { get; }

    /// <summary>
    /// The host folder this evidence came from — for a node archive, the folder holding the archive: nothing is ever
    /// written below it.
    /// </summary>
    public string EvidenceFolder { get; }

    /// <summary>The volume the files are on, and the root's own path on it.</summary>
    public EvidenceVolume Volume { get; }

    public byte[] Top { get; }

    /// <summary>What the volume could not take in (members of a damaged archive), each with where and why.</summary>
    public IReadOnlyList<VolumeProblem> Problems => Volume.Problems;

    /// <summary>Where this root's reads are recorded (for readers that open evidence through their own views).</summary>
    public IEvidenceReadRecorder? Recorder => _recorder;

    /// <summary>
    /// A folder of this evidence as an evidence root of its own (a node's volume inside a case's evidence), or a tar
    /// archive in it read as one: links inside it resolve against it, and its reads are recorded with paths
    /// relative to this root (members of an archive as <c>node.tar!/var/lib/…</c>). The archive itself is read
    /// whole once, so its SHA-256 is recorded; later verbs on the same unchanged archive under the same root (a case's evidence) reuse that index.
    /// </summary>
    public EvidenceRoot Subroot(string evidencePath)
    {
        var resolved = Resolve(evidencePath);
        var status = Volume.Lstat(VolumePath(resolved));
        switch (status?.Kind)
        {
            case FileKind.Directory:
                return resolved.Length == 0 ? this : new EvidenceRoot(Volume, VolumePath(resolved), FullPath + "/" + resolved, EvidenceFolder, Prefixed(resolved + "/"), _scratch, _opened);
            case FileKind.File:
                var hostFile = Volume.HostFile(VolumePath(resolved));
                var key = hostFile is null ? null : OpenedArchives.Key(hostFile, status);
                if (key is not null && _opened.Find(key) is { } opened)
                {
                    return new EvidenceRoot(opened, [], FullPath + "/" + resolved, EvidenceFolder, Prefixed(resolved + "!/"), _scratch, _opened); // read and hashed by an earlier verb
                }

                TarArchiveVolume archive;
                using (var stream = OpenRead(resolved))
                {
                    archive = TarArchiveVolume.Open(stream, FullPath + "/" + resolved, hostFile, _scratch);
                    stream.CopyTo(Stream.Null); // the rest, if any, so that the recorded SHA-256 is the whole file's
                }

                if (archive.Members > 0 && key is not null)
                {
                    _opened.Remember(key, archive);
                }

                if (archive.Members == 0)
                {
                    archive.Dispose();
                    throw new EvidenceAccessException(resolved, "is neither a folder nor a tar archive" +
                        (archive.Problems.Count > 0 ? $" ({archive.Problems[0].Problem})" : ""));
                }

                return new EvidenceRoot(archive, [], FullPath + "/" + resolved, EvidenceFolder, Prefixed(resolved + "!/"), _scratch, _opened);
            default:
                throw new EvidenceAccessException(evidencePath, "no such folder or archive in the evidence");
        }
    }

    /// <summary>The same evidence, its reads also told to <paramref name="also"/> (an engine that keeps each file's SHA-256).</summary>
    public EvidenceRoot Observed(IEvidenceReadRecorder also) =>
        new(Volume, Top, FullPath, EvidenceFolder, _recorder is null ? also : new BothRecorders(_recorder, also), _scratch, _opened);

    private sealed class BothRecorders(IEvidenceReadRecorder first, IEvidenceReadRecorder second) : IEvidenceReadRecorder
    {
        public void Record(EvidenceFileRead read)
        {
            first.Record(read);
            second.Record(read);
        }
    }

    private IEvidenceReadRecorder? Prefixed(string prefix) => _recorder is null ? null : new PrefixedRecorder(prefix, _recorder);

    private sealed class PrefixedRecorder(string prefix, IEvidenceReadRecorder inner) : IEvidenceReadRecorder
    {
        public void Record(EvidenceFileRead read) => inner.Record(read with { Path = prefix + read.Path });
    }

    /// <summary>
    /// Resolves an evidence path (relative to the root, or absolute as seen from inside the root), following
    /// symbolic links inside the root, to the evidence path (relative, forward slashes, "" for the root) it denotes.
    /// The path is in display form (<see cref="RawPath.Display(ReadOnlySpan{byte})"/>): each name is turned back into
    /// its bytes, and a name whose bytes hold a '/' or a NUL or are "."/".." without saying so literally is refused.
    /// </summary>
    public string Resolve(string evidencePath) => Show(ResolveNames(evidencePath));

    private List<byte[]> ResolveNames(string evidencePath)
    {
        var resolved = new List<byte[]>();
        var pending = new Stack<byte[]>(Names(evidencePath).Reverse());
        var hops = 0;
        var current = Top; // the volume path of `resolved`

        while (pending.TryPop(out var component))
        {
            if (component is [(byte)'.', (byte)'.'])
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                    current = Join(resolved);
                }

                continue;
            }

            var candidate = RawPath.Join(current, component);
            if (Volume.Lstat(candidate) is { Kind: FileKind.SymbolicLink })
            {
                if (++hops > MaxLinkHops)
                {
                    throw new EvidenceAccessException(evidencePath, $"too many levels of symbolic links (more than {MaxLinkHops})");
                }

                var target = Volume.ReadLink(candidate);
                if (target.Length > 0 && target[0] == '/')
                {
                    resolved.Clear(); // absolute targets are absolute inside the root
                    current = Top;
                }

                foreach (var part in RawPath.Components(target).Reverse())
                {
                    pending.Push(part);
                }

                continue;
            }

            resolved.Add(component);
            current = candidate;
        }

        return resolved;
    }

    private byte[] Join(List<byte[]> names)
    {
        var path = Top;
        foreach (var name in names)
        {
            path = RawPath.Join(path, name);
        }

        return path;
    }

    private static string Show(List<byte[]> names) => string.Join('/', names.Select(n => RawPath.Display(n)));

    /// <summary>The volume path (bytes) of a resolved evidence path of this root.</summary>
    public byte[] VolumePath(string resolvedEvidencePath)
    {
        var names = Names(resolvedEvidencePath).ToList();
        if (names.Any(n => n is [(byte)'.', (byte)'.']))
        {
            throw new EvidenceAccessException(resolvedEvidencePath, "'..' in a resolved evidence path; refused");
        }

        return Join(names);
    }

    /// <summary>Opens a file read-only; its read is recorded when the stream is disposed.</summary>
    public Stream OpenRead(string evidencePath)
    {
        var resolved = Resolve(evidencePath);
        var path = VolumePath(resolved);
        var status = Volume.Lstat(path) ?? throw new EvidenceAccessException(resolved, "no such file in the evidence");
        if (status.Kind != FileKind.File)
        {
            throw new EvidenceAccessException(resolved, status.Kind == FileKind.Directory
                ? "is a directory, not a file"
                : $"is a {status.Kind.ToString().ToLowerInvariant()}, not a regular file");
        }

        try
        {
            return new HashingReadStream(Volume.OpenRead(path), resolved, _recorder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EvidenceAccessException(resolved, e.Message, e);
        }
    }

    /// <summary>True when the evidence path names an existing file (after resolving links inside the root).</summary>
    public bool FileExists(string evidencePath) => Status(evidencePath)?.Kind == FileKind.File;

    /// <summary>True when the evidence path names an existing directory (after resolving links inside the root).</summary>
    public bool DirectoryExists(string evidencePath) => Status(evidencePath)?.Kind == FileKind.Directory;

    private FileStatus? Status(string evidencePath) => Volume.Lstat(VolumePath(Resolve(evidencePath)));

    /// <summary>
    /// The same walk, each directory it cannot read or go below said in <paramref name="problems"/> as "not readable"
    /// with why and <paramref name="consequence"/> (what the reader misses for it: "its findings are not listed").
    /// </summary>
    public IEnumerable<EvidenceEntry> Walk(string evidenceDirectory, ICollection<EvidenceProblem> problems, string consequence) =>
        Walk(evidenceDirectory, (path, why) => problems.Add(new EvidenceProblem(path, "folder", $"not readable: {why}; {consequence}")));

    /// <summary>
    /// Every regular file and link below a directory of the evidence, depth first in byte order of names, without
    /// following links (a link is listed as what it is, never entered). Unreadable directories are reported to
    /// <paramref name="onUnreadable"/> and skipped, never fatal. Devices, FIFOs and sockets are not files to read.
    /// </summary>
    public IEnumerable<EvidenceEntry> Walk(string evidenceDirectory = "", Action<string, string>? onUnreadable = null)
    {
        var start = Resolve(evidenceDirectory);
        var stack = new Stack<(string Directory, byte[] VolumeDirectory, List<byte[]> Names, int Next)>();
        var startPath = VolumePath(start);
        if (List(start, startPath, onUnreadable) is { } top)
        {
            stack.Push((start, startPath, top, 0));
        }

        while (stack.TryPop(out var frame))
        {
            if (frame.Next >= frame.Names.Count)
            {
                continue;
            }

            stack.Push(frame with { Next = frame.Next + 1 });
            var name = frame.Names[frame.Next];
            var shown = RawPath.Display(name);
            var path = frame.Directory.Length == 0 ? shown : frame.Directory + "/" + shown;
            var volumePath = RawPath.Join(frame.VolumeDirectory, name);
            FileStatus? status;
            try
            {
                status = Volume.Lstat(volumePath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                onUnreadable?.Invoke(path, e.Message);
                continue;
            }

            switch (status?.Kind)
            {
                case FileKind.SymbolicLink:
                    yield return new EvidenceEntry(path, EvidenceEntryKind.SymbolicLink, 0, status.ModifyTime.ToDateTimeOffset().UtcDateTime,
                        RawPath.Display(Volume.ReadLink(volumePath)));
                    break;
                case FileKind.File:
                    yield return new EvidenceEntry(path, EvidenceEntryKind.File, status.Size, status.ModifyTime.ToDateTimeOffset().UtcDateTime, null);
                    break;
                case FileKind.Directory when stack.Count >= PathDepth.MaxComponents:
                    onUnreadable?.Invoke(PathDepth.Shown(path, stack.Count + 1), $"deeper than {PathDepth.MaxComponents} path components below the walk's start; not followed");
                    break;
                case FileKind.Directory when List(path, volumePath, onUnreadable) is { } children:
                    stack.Push((path, volumePath, children, 0));
                    break;
            }
        }
    }

    private List<byte[]>? List(string directory, byte[] volumePath, Action<string, string>? onUnreadable)
    {
        try
        {
            return Volume.ReadDirectory(volumePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            onUnreadable?.Invoke(directory, e.Message);
            return null;
        }
    }

    /// <summary>The names of a displayed evidence path, as bytes ("." dropped, a literal ".." kept for the caller).</summary>
    private static IEnumerable<byte[]> Names(string evidencePath)
    {
        foreach (var part in evidencePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            byte[] name;
            try
            {
                name = RawPath.ParseName(part);
            }
            catch (FormatException e)
            {
                throw new EvidenceAccessException(evidencePath, e.Message + "; refused");
            }

            yield return name;
        }
    }
}
