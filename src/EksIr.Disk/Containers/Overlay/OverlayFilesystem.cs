using System.Text;
using EksIr.Core.Evidence;
using EksIr.Core.FileSystems;

namespace EksIr.Disk.Containers.Overlay;

/// <summary>
/// A container's filesystem as the container saw it, merged in user space from its overlay layers — no mount, no
/// root. <c>Layers[0]</c> is the writable (upper) layer, then the image's layers newest first. A name is taken from
/// the highest layer that has it; a whiteout (character device 0/0, or a <c>.wh.&lt;name&gt;</c> file) hides it in
/// the layers below; an opaque directory (xattr <c>trusted.overlay.opaque=y</c> or a <c>.wh..wh..opq</c> file)
/// hides everything below it. Symbolic links resolve inside the container's root, never on the analysis host.
/// </summary>
public sealed class OverlayFilesystem(IReadOnlyList<OverlayLayer> layers, EvidenceVolume volume, IEvidenceReadRecorder? recorder = null)
{
    private const int MaxLinkHops = 40;
    private static readonly byte[] WhiteoutPrefix = ".wh."u8.ToArray();
    private static readonly byte[] OpaqueMarker = ".wh..wh..opq"u8.ToArray();

    public IReadOnlyList<OverlayLayer> Layers { get; } = layers;

    /// <summary>The volume the layers are on (a mounted node volume or a node archive).</summary>
    public EvidenceVolume Volume { get; } = volume;

    /// <summary>
    /// What this view lacks: what the volume could not take in (an archive's skipped members), then what walking it met
    /// and could not follow (a directory deeper than <see cref="PathDepth.MaxComponents"/> components, an unreadable
    /// one), each said once. <see cref="Walk"/> and <see cref="OverlayDiff"/> add to it.
    /// </summary>
    public IReadOnlyList<EvidenceProblem> Problems => _problems;

    private readonly List<EvidenceProblem> _problems = [.. volume.Problems.Select(p => new EvidenceProblem(p.Volume, p.Where, p.Problem))];
    private readonly HashSet<(string, string)> _reported = [];

    /// <summary>The entry a path names in the merged view (links in the path followed, a final link not), or null.</summary>
    public MergedEntry? Lookup(string path) => Lookup(RawPath.Parse(path), followFinalLink: false);

    /// <summary>
    /// The entry a path names, one component at a time: the entries resolved so far are kept, so '..' steps back in
    /// constant time and a link's target continues from where it points. Deeper than <see cref="PathDepth.MaxComponents"/>
    /// components, or through a link target longer than Linux allows, it is not followed (an error says so).
    /// </summary>
    public MergedEntry? Lookup(byte[] path, bool followFinalLink)
    {
        var hops = 0;
        var pending = new Stack<byte[]>(RawPath.Components(path).Reverse());
        var root = Root();
        var resolved = new List<MergedEntry>(); // one per component below the root
        while (pending.TryPop(out var name))
        {
            if (name is [(byte)'.', (byte)'.'])
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var current = resolved.Count > 0 ? resolved[^1] : root;
            if (current is null || current.Status.Kind != FileKind.Directory)
            {
                return null;
            }

            if (resolved.Count >= PathDepth.MaxComponents)
            {
                throw new EvidenceAccessException(RawPath.Display(path), $"deeper than {PathDepth.MaxComponents} path components in the container; not followed");
            }

            if (Find(current.DirectoryLayers, current.Path, name) is not { Entry: var entry })
            {
                return null;
            }

            var isLast = pending.Count == 0;
            if (entry.Status.Kind == FileKind.SymbolicLink && (!isLast || followFinalLink))
            {
                if (++hops > MaxLinkHops)
                {
                    throw new EvidenceAccessException(RawPath.Display(path), $"too many levels of symbolic links in the container (more than {MaxLinkHops})");
                }

                var target = entry.LinkTarget!;
                if (target.Length > PathDepth.MaxLinkTarget)
                {
                    throw new EvidenceAccessException(entry.DisplayPath, $"a symbolic link with a {target.Length}-byte target, longer than Linux allows ({PathDepth.MaxLinkTarget}); not followed");
                }

                if (target.Length > 0 && target[0] == '/')
                {
                    resolved.Clear(); // absolute: from the container's root
                }

                foreach (var part in RawPath.Components(target).Reverse())
                {
                    pending.Push(part);
                }

                continue;
            }

            resolved.Add(entry);
        }

        return resolved.Count > 0 ? resolved[^1] : root;
    }

    /// <summary>The merged listing of a directory: each visible name once, from the highest layer that has it.</summary>
    public IReadOnlyList<MergedEntry> List(string directory)
    {
        var dir = Lookup(RawPath.Parse(directory), followFinalLink: true)
                  ?? throw new EvidenceAccessException(directory, "no such directory in the container");
        return List(dir);
    }

    public IReadOnlyList<MergedEntry> List(MergedEntry directory)
    {
        if (directory.Status.Kind != FileKind.Directory)
        {
            throw new EvidenceAccessException(directory.DisplayPath, "is not a directory");
        }

        // Read every merged layer's names once, so looking a child up needs no lstat in layers that lack it; the
        // directory's path in each layer is joined once, not per child.
        var layers = directory.DirectoryLayers;
        var names = new HashSet<string>?[Layers.Count];
        var directoryPaths = new byte[]?[Layers.Count];
        var order = new List<(int Position, byte[] Name, string Text)>();
        for (var position = 0; position < layers.Length; position++)
        {
            var layerIndex = layers[position];
            try
            {
                directoryPaths[layerIndex] = LayerPath(layerIndex, directory.Path);
                var layerNames = Volume.ReadDirectory(directoryPaths[layerIndex]);
                var set = new HashSet<string>(layerNames.Count, StringComparer.Ordinal);
                foreach (var n in layerNames)
                {
                    var key = Encoding.Latin1.GetString(n); // a byte-exact key
                    set.Add(key);
                    order.Add((position, n, key));
                }

                names[layerIndex] = set;
            }
            catch (IOException e)
            {
                names[layerIndex] = [];
                Report(layerIndex, directory.Path, "not readable in this layer: " + e.Message + "; what it holds there is not listed");
            }
        }

        var seen = new Dictionary<string, MergedEntry?>(order.Count, StringComparer.Ordinal);
        foreach (var (position, name, text) in order)
        {
            if (name.AsSpan().SequenceEqual(OpaqueMarker) || seen.ContainsKey(text))
            {
                continue;
            }

            if (name.AsSpan().StartsWith(WhiteoutPrefix))
            {
                seen.TryAdd(text[WhiteoutPrefix.Length..], null);
                continue;
            }

            var found = Find(new ArraySegment<int>(layers, position, layers.Length - position), directory.Path, name, directoryPaths,
                layer => names[layer]!.Contains(text), layer => names[layer]!.Contains(".wh." + text));
            seen[text] = found?.Entry;
        }

        return seen.Values.OfType<MergedEntry>().OrderBy(e => e.Name, ByteOrder.Instance).ToArray();
    }

    /// <summary>Opens a file of the merged view read-only (links followed inside the container); the read is recorded.</summary>
    public Stream OpenRead(string path)
    {
        var entry = Lookup(RawPath.Parse(path), followFinalLink: true) ?? throw new EvidenceAccessException(path, "no such file in the container");
        if (entry.Status.Kind != FileKind.File)
        {
            throw new EvidenceAccessException(path, $"is a {entry.Status.Kind.ToString().ToLowerInvariant()}, not a regular file");
        }

        return OpenRead(entry);
    }

    public Stream OpenRead(MergedEntry entry)
    {
        var layer = Layers[entry.LayerIndex];
        var stream = Volume.OpenRead(LayerPath(entry.LayerIndex, entry.Path));
        var evidencePath = layer.EvidencePath + entry.DisplayPath;
        return new HashingReadStream(stream, evidencePath, recorder);
    }

    /// <summary>
    /// Every entry of the merged tree below a directory, depth first in byte order (for export and timelines); a
    /// directory at <see cref="PathDepth.MaxComponents"/> components is listed, but what it holds is a problem, not walked.
    /// </summary>
    public IEnumerable<MergedEntry> Walk(string directory = "/")
    {
        var start = Lookup(RawPath.Parse(directory), followFinalLink: true) ?? throw new EvidenceAccessException(directory, "no such directory in the container");
        var stack = new Stack<MergedEntry>();
        stack.Push(start);
        while (stack.TryPop(out var dir))
        {
            var children = List(dir);
            if (dir.Path.Count >= PathDepth.MaxComponents)
            {
                if (children.Count > 0)
                {
                    Report(dir.LayerIndex, dir.Path, PathDepth.EntriesNotFollowed(children.Count));
                }

                continue;
            }

            foreach (var child in children)
            {
                yield return child;
            }

            foreach (var child in children.Reverse().Where(c => c.Status.Kind == FileKind.Directory))
            {
                stack.Push(child);
            }
        }
    }

    /// <summary>Says a problem with a path of the container, in a layer, once.</summary>
    internal void Report(int layerIndex, IReadOnlyList<byte[]> path, string problem)
    {
        var where = PathDepth.Shown(Display(path), path.Count);
        var layer = Layers.Count > 0 ? Layers[Math.Clamp(layerIndex, 0, Layers.Count - 1)].EvidencePath : Volume.Location;
        if (_reported.Add((where, problem)))
        {
            _problems.Add(new EvidenceProblem(layer, where, problem));
        }
    }

    /// <summary>A container path as it is shown: "/" and its components, each losslessly.</summary>
    internal static string Display(IReadOnlyList<byte[]> path)
    {
        var text = new StringBuilder();
        foreach (var part in path)
        {
            text.Append('/').Append(RawPath.Display(part));
        }

        return text.Length == 0 ? "/" : text.ToString();
    }

    /// <summary>
    /// The container's root: the layers whose directory is there, the highest first. A layer whose directory is
    /// missing or is not a directory is said once (what it held is not in the view); the others still merge.
    /// </summary>
    private MergedEntry? Root()
    {
        if (_rootKnown)
        {
            return _root;
        }

        if (Layers.Count == 0)
        {
            _root = Volume.Lstat([]) is { } status ? new MergedEntry([], status, null, 0, []) : null;
        }
        else
        {
            var present = new List<(int Index, FileStatus Status)>();
            for (var i = 0; i < Layers.Count; i++)
            {
                var status = Volume.Lstat(Layers[i].VolumePath);
                if (status?.Kind == FileKind.Directory)
                {
                    present.Add((i, status));
                }
                else
                {
                    Report(i, [], status is null ? LayerMissing : $"the layer's directory is a {status.Kind.ToString().ToLowerInvariant()}, not a directory; what it held is not in this view");
                }
            }

            _root = present.Count == 0 ? null : new MergedEntry([], present[0].Status, null, present[0].Index, [.. present.Select(p => p.Index)]);
        }

        _rootKnown = true;
        return _root;
    }

    /// <summary>Whether the layer's directory is there (a missing one is said among the problems).</summary>
    internal bool HasLayerDirectory(int layerIndex) => Root()?.DirectoryLayers.Contains(layerIndex) ?? false;

    /// <summary>What is said of a layer whose directory is not on the volume.</summary>
    public const string LayerMissing = "the layer's directory is not in the evidence; what it held is not in this view";

    private MergedEntry? _root;
    private bool _rootKnown;

    /// <summary>
    /// The entry for a name in a directory: searched in the directory's layers top-down. <paramref name="directoryPaths"/>
    /// caches the directory's path in each layer (by layer index), filled as needed.
    /// </summary>
    private (MergedEntry Entry, List<int> LayersBelow)? Find(IReadOnlyList<int> directoryLayers, IReadOnlyList<byte[]> dirPath, byte[] name,
        byte[]?[]? directoryPaths = null, Func<int, bool>? hasName = null, Func<int, bool>? hasWhiteout = null)
    {
        directoryPaths ??= new byte[]?[Layers.Count];
        byte[][]? path = null;
        MergedEntry? top = null;
        var dirLayers = new List<int>(1);
        for (var i = 0; i < directoryLayers.Count; i++)
        {
            var layerIndex = directoryLayers[i];
            var directory = directoryPaths[layerIndex] ??= LayerPath(layerIndex, dirPath);
            byte[]? host = null;
            var status = hasName is null || hasName(layerIndex) ? Volume.Lstat(host = RawPath.Join(directory, name)) : null;
            if (status is null)
            {
                var whiteout = hasWhiteout?.Invoke(layerIndex)
                               ?? Volume.Lstat(RawPath.Join(directory, [.. WhiteoutPrefix, .. name])) is not null;
                if (whiteout)
                {
                    break; // .wh.<name>: deleted in this layer
                }

                continue;
            }

            if (status.IsWhiteout)
            {
                break;
            }

            host ??= RawPath.Join(directory, name);
            if (top is null)
            {
                path = [.. dirPath, name];
                var link = status.Kind == FileKind.SymbolicLink ? Volume.ReadLink(host) : null;
                top = new MergedEntry(path, status, link, layerIndex, []);
                if (status.Kind != FileKind.Directory)
                {
                    break;
                }
            }
            else if (status.Kind != FileKind.Directory)
            {
                break; // a non-directory below a directory is hidden, and so is all below it
            }

            dirLayers.Add(layerIndex);
            if (IsOpaque(host))
            {
                break;
            }
        }

        if (top is null)
        {
            return null;
        }

        return top.Status.Kind == FileKind.Directory ? (top with { DirectoryLayers = [.. dirLayers] }, dirLayers) : (top, dirLayers);
    }

    internal bool IsOpaque(byte[] hostDir) =>
        IsOpaqueXattr(hostDir) || Volume.Lstat(RawPath.Join(hostDir, OpaqueMarker)) is not null;

    private bool IsOpaqueXattr(byte[] hostDir) =>
        Volume.GetXattr(hostDir, "trusted.overlay.opaque") is [(byte)'y'] || Volume.GetXattr(hostDir, "user.overlay.opaque") is [(byte)'y'];

    /// <summary>A path of the container inside one layer, as a volume path.</summary>
    internal byte[] LayerPath(int layerIndex, IReadOnlyList<byte[]> path)
    {
        var top = Layers[layerIndex].VolumePath;
        var length = top.Length;
        foreach (var part in path)
        {
            length += part.Length + 1;
        }

        // Joined once (not component by component, which copies the path again at every level).
        var host = new byte[top.Length == 0 && path.Count > 0 ? length - 1 : length];
        top.CopyTo(host, 0);
        var at = top.Length;
        foreach (var part in path)
        {
            if (at > 0)
            {
                host[at++] = (byte)'/';
            }

            part.CopyTo(host, at);
            at += part.Length;
        }

        return host;
    }

}

/// <summary>
/// An entry of the merged view: its path (components as bytes), its lstat, its link target, the layer it comes from
/// (provenance) and, for a directory, the layers whose copies of it are merged.
/// </summary>
public sealed record MergedEntry(IReadOnlyList<byte[]> Path, FileStatus Status, byte[]? LinkTarget, int LayerIndex, int[] DirectoryLayers)
{
    public byte[] Name => Path.Count == 0 ? [] : Path[^1];

    public string DisplayPath => OverlayFilesystem.Display(Path);

    public string? DisplayLinkTarget => LinkTarget is null ? null : RawPath.Display(LinkTarget);
}
