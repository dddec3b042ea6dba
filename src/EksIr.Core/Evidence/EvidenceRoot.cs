namespace EksIr.Core.Evidence;

/// <summary>
/// The one door to files under an evidence root (a mounted node volume, a folder of exported logs, a dump).
/// Opens read-only; resolves every path component itself so that symbolic links are followed <em>inside</em>
/// the root only — an absolute link target such as <c>/etc/shadow</c> means <c>&lt;root&gt;/etc/shadow</c>,
/// and <c>..</c> never climbs above the root; records each completed read (path, size, SHA-256).
/// Never creates, modifies or deletes anything under the root.
/// </summary>
public sealed class EvidenceRoot
{
    private const int MaxLinkHops = 40; // as Linux's MAXSYMLINKS

    private readonly IEvidenceReadRecorder? _recorder;

    public EvidenceRoot(string directory, IEvidenceReadRecorder? recorder = null)
    {
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new EvidenceAccessException(directory, "evidence root does not exist or is not a directory");
        }

        FullPath = Path.TrimEndingDirectorySeparator(full);
        _recorder = recorder;
    }

    /// <summary>The absolute host path of the root.</summary>
    public string FullPath { get; }

    /// <summary>Where this root's reads are recorded (for readers that open evidence through their own views).</summary>
    public IEvidenceReadRecorder? Recorder => _recorder;

    /// <summary>
    /// A folder of this evidence as an evidence root of its own (a node's volume inside a case's evidence): links
    /// inside it resolve against it, and its reads are recorded with paths relative to this root.
    /// </summary>
    public EvidenceRoot Subroot(string evidencePath)
    {
        var host = Resolve(evidencePath);
        if (!Directory.Exists(host))
        {
            throw new EvidenceAccessException(evidencePath, "no such folder in the evidence");
        }

        var prefix = ToEvidencePath(host);
        return new EvidenceRoot(host, _recorder is null || prefix.Length == 0 ? _recorder : new PrefixedRecorder(prefix, _recorder));
    }

    private sealed class PrefixedRecorder(string prefix, IEvidenceReadRecorder inner) : IEvidenceReadRecorder
    {
        public void Record(EvidenceFileRead read) => inner.Record(read with { Path = prefix + "/" + read.Path });
    }

    /// <summary>
    /// Maps an evidence path (relative to the root, or absolute as seen from inside the root) to the host path
    /// it denotes, following symbolic links inside the root. The result always lies inside the root.
    /// </summary>
    public string Resolve(string evidencePath)
    {
        var resolved = new List<string>();
        var pending = new Stack<string>(Components(evidencePath).Reverse());
        var hops = 0;

        while (pending.TryPop(out var component))
        {
            if (component == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            if (new FileInfo(HostPath(resolved, component)).LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops)
                {
                    throw new EvidenceAccessException(evidencePath, $"too many levels of symbolic links (more than {MaxLinkHops})");
                }

                if (target.StartsWith('/'))
                {
                    resolved.Clear(); // absolute targets are absolute inside the root
                }

                foreach (var part in Components(target).Reverse())
                {
                    pending.Push(part);
                }

                continue;
            }

            resolved.Add(component);
        }

        return HostPath(resolved, null);
    }

    /// <summary>The evidence path (relative, forward slashes) of a host path inside the root.</summary>
    public string ToEvidencePath(string hostPath)
    {
        if (!PathContainment.IsInside(FullPath, hostPath))
        {
            throw new EvidenceAccessException(hostPath, "is outside the evidence root " + FullPath);
        }

        var relative = Path.GetRelativePath(FullPath, Path.GetFullPath(hostPath));
        return relative == "." ? "" : relative;
    }

    /// <summary>Opens a file read-only; its read is recorded when the stream is disposed.</summary>
    public Stream OpenRead(string evidencePath)
    {
        var host = Resolve(evidencePath);
        var display = ToEvidencePath(host);
        if (Directory.Exists(host))
        {
            throw new EvidenceAccessException(display, "is a directory, not a file");
        }

        try
        {
            var stream = new FileStream(host, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                bufferSize: 1 << 16, FileOptions.SequentialScan);
            return new HashingReadStream(stream, display, _recorder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EvidenceAccessException(display, e is FileNotFoundException or DirectoryNotFoundException
                ? "no such file in the evidence"
                : e.Message, e);
        }
    }

    /// <summary>True when the evidence path names an existing file (after resolving links inside the root).</summary>
    public bool FileExists(string evidencePath) => File.Exists(Resolve(evidencePath));

    /// <summary>True when the evidence path names an existing directory (after resolving links inside the root).</summary>
    public bool DirectoryExists(string evidencePath) => Directory.Exists(Resolve(evidencePath));

    /// <summary>
    /// Every regular file and link below a directory of the evidence, depth first in ordinal path order, without
    /// following links (a link is listed as what it is, never entered). Unreadable directories are reported to
    /// <paramref name="onUnreadable"/> and skipped, never fatal.
    /// </summary>
    public IEnumerable<EvidenceEntry> Walk(string evidenceDirectory = "", Action<string, string>? onUnreadable = null)
    {
        var stack = new Stack<(FileSystemInfo[] Entries, int Next)>();
        if (List(Resolve(evidenceDirectory), onUnreadable) is { } top)
        {
            stack.Push((top, 0));
        }

        while (stack.TryPop(out var frame))
        {
            if (frame.Next >= frame.Entries.Length)
            {
                continue;
            }

            stack.Push((frame.Entries, frame.Next + 1));
            var entry = frame.Entries[frame.Next];
            if (entry.LinkTarget is { } target)
            {
                yield return new EvidenceEntry(ToEvidencePath(entry.FullName), EvidenceEntryKind.SymbolicLink, 0, entry.LastWriteTimeUtc, target);
            }
            else if (entry is FileInfo file)
            {
                yield return new EvidenceEntry(ToEvidencePath(file.FullName), EvidenceEntryKind.File, file.Length, file.LastWriteTimeUtc, null);
            }
            else if (List(entry.FullName, onUnreadable) is { } children)
            {
                stack.Push((children, 0));
            }
        }
    }

    private FileSystemInfo[]? List(string directory, Action<string, string>? onUnreadable)
    {
        try
        {
            var entries = new DirectoryInfo(directory).GetFileSystemInfos();
            Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
            return entries;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            onUnreadable?.Invoke(ToEvidencePath(directory), e.Message);
            return null;
        }
    }

    private string HostPath(List<string> components, string? last)
    {
        var parts = new List<string>(components.Count + 2) { FullPath };
        parts.AddRange(components);
        if (last is not null)
        {
            parts.Add(last);
        }

        return Path.Combine([.. parts]);
    }

    private static IEnumerable<string> Components(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(c => c != ".");
}
