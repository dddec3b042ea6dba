using System.Text;
using EksIr.Core.Evidence;
using EksIr.Core.FileSystems;

namespace EksIr.Core.Containers.Overlay;

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

    /// <summary>The entry a path names in the merged view (links in the path followed, a final link not), or null.</summary>
    public MergedEntry? Lookup(string path) => Lookup(RawPath.Parse(path), followFinalLink: false);

    public MergedEntry? Lookup(byte[] path, bool followFinalLink)
    {
        var hops = 0;
        var pending = new Stack<byte[]>(RawPath.Components(path).Reverse());
        var resolved = new List<byte[]>();
        var directoryLayers = Enumerable.Range(0, Layers.Count).ToList();
        MergedEntry? current = Root();
        while (pending.TryPop(out var name))
        {
            if (name is [(byte)'.', (byte)'.'])
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                (current, directoryLayers) = Reresolve(resolved);
                continue;
            }

            if (current is null || current.Status.Kind != FileKind.Directory)
            {
                return null;
            }

            var found = Find(directoryLayers, resolved, name);
            if (found is null)
            {
                return null;
            }

            var (entry, layersBelow) = found.Value;
            var isLast = pending.Count == 0;
            if (entry.Status.Kind == FileKind.SymbolicLink && (!isLast || followFinalLink))
            {
                if (++hops > MaxLinkHops)
                {
                    throw new EvidenceAccessException(RawPath.Display(path), $"too many levels of symbolic links in the container (more than {MaxLinkHops})");
                }

                var target = entry.LinkTarget!;
                if (target.Length > 0 && target[0] == '/')
                {
                    resolved.Clear(); // absolute: from the container's root
                }

                foreach (var part in RawPath.Components(target).Reverse())
                {
                    pending.Push(part);
                }

                (current, directoryLayers) = Reresolve(resolved);
                continue;
            }

            resolved.Add(name);
            current = entry;
            directoryLayers = layersBelow;
        }

        return current;
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
            catch (IOException)
            {
                names[layerIndex] = []; // present as a non-directory or unreadable in this layer
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

    /// <summary>Every entry of the merged tree below a directory, depth first in byte order (for export and timelines).</summary>
    public IEnumerable<MergedEntry> Walk(string directory = "/")
    {
        var start = Lookup(RawPath.Parse(directory), followFinalLink: true) ?? throw new EvidenceAccessException(directory, "no such directory in the container");
        var stack = new Stack<MergedEntry>();
        stack.Push(start);
        while (stack.TryPop(out var dir))
        {
            var children = List(dir);
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

    private MergedEntry? Root()
    {
        var status = Volume.Lstat(Layers.Count > 0 ? Layers[0].VolumePath : []);
        return status is null ? null : new MergedEntry([], status, null, 0, Enumerable.Range(0, Layers.Count).ToArray());
    }

    private (MergedEntry? Entry, List<int> DirectoryLayers) Reresolve(List<byte[]> resolved)
    {
        MergedEntry? current = Root();
        var layers = Enumerable.Range(0, Layers.Count).ToList();
        var path = new List<byte[]>();
        foreach (var name in resolved)
        {
            if (Find(layers, path, name) is not { } found)
            {
                return (null, []);
            }

            path.Add(name);
            current = found.Entry;
            layers = found.LayersBelow;
        }

        return (current, layers);
    }

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
        var host = Layers[layerIndex].VolumePath;
        foreach (var part in path)
        {
            host = RawPath.Join(host, part);
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

    public string DisplayPath => "/" + string.Join("/", Path.Select(p => RawPath.Display(p)));

    public string? DisplayLinkTarget => LinkTarget is null ? null : RawPath.Display(LinkTarget);
}
