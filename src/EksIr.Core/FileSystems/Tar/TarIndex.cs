using System.Text;
using EksIr.Core.Time;

namespace EksIr.Core.FileSystems.Tar;

/// <summary>
/// Every name of an archive, read front to back once: headers (v7, ustar, GNU long names, pax with sub-second
/// times and SCHILY/LIBARCHIVE xattrs), where each member's bytes are, and directories with their names. What
/// cannot be taken in (a damaged header, a cut-off member, a name climbing out with '..', a sparse member) is
/// skipped, counted and said, never fatal; reading resumes at the next valid header.
/// </summary>
internal sealed class TarIndex
{
    private const int MaxMetadataSize = 1 << 20; // pax headers and GNU long names larger than this are not names

    private readonly string _archive;
    private readonly List<VolumeProblem> _problems = [];
    private readonly Dictionary<string, TooDeep> _tooDeep = new(StringComparer.Ordinal);
    private long _nextInode = 2;
    private int _duplicates;

    private TarIndex(string archive)
    {
        _archive = archive;
        Root = ImpliedDirectory(1);
    }

    /// <summary>The archive's top directory; every name is a node below it, one per path component.</summary>
    public TarNode Root { get; }

    public IReadOnlyList<VolumeProblem> Problems => _problems;

    public int Members { get; private set; }

    public static string Key(ReadOnlySpan<byte> path) => Encoding.Latin1.GetString(path);

    public static TarIndex Build(Stream source, Stream? spill, string archive)
    {
        var index = new TarIndex(archive);
        index.Read(new TarSource(source, spill));
        index.Finish();
        return index;
    }

    private void Read(TarSource source)
    {
        var block = new byte[TarHeader.BlockSize];
        Dictionary<string, byte[]> global = new(StringComparer.Ordinal);
        Dictionary<string, byte[]>? local = null;
        byte[]? longName = null, longLink = null;
        (long Offset, string Why)? damaged = null;
        var zeroBlocks = 0;
        while (true)
        {
            var offset = source.Offset;
            var n = source.ReadFully(block);
            if (n < TarHeader.BlockSize)
            {
                if (damaged is { } d)
                {
                    Problem(d.Offset, $"{d.Why}; no valid header follows, {offset + n - d.Offset} bytes to the end were skipped");
                }
                else if (n > 0)
                {
                    Problem(offset, $"the archive ends inside a header ({n} of 512 bytes)");
                }
                else if (zeroBlocks == 0)
                {
                    Problem(offset, "the archive ends without its end-of-archive blocks (cut short?)");
                }

                return;
            }

            if (TarHeader.IsEndBlock(block) && damaged is null)
            {
                if (++zeroBlocks == 2)
                {
                    return;
                }

                continue;
            }

            zeroBlocks = 0;
            var header = TarHeader.Parse(block, out var why);
            if (header is null)
            {
                damaged ??= (offset, why!);
                continue; // look for the next valid header, block by block
            }

            if (damaged is { } skipped)
            {
                Problem(skipped.Offset, $"{skipped.Why}; {offset - skipped.Offset} bytes skipped up to the next valid header at byte {offset}");
                damaged = null;
            }

            switch (header.TypeFlag)
            {
                case (byte)'x':
                    local = Metadata(source, header, offset) is { } paxData ? PaxRecordsOrProblem(paxData, offset) : null;
                    continue;
                case (byte)'g':
                    if (Metadata(source, header, offset) is { } globalData)
                    {
                        foreach (var (key, value) in PaxRecordsOrProblem(globalData, offset))
                        {
                            global[key] = value;
                        }
                    }

                    continue;
                case (byte)'L':
                    longName = Metadata(source, header, offset) is { } nameData ? TarHeader.Text(nameData) : null;
                    continue;
                case (byte)'K':
                    longLink = Metadata(source, header, offset) is { } linkData ? TarHeader.Text(linkData) : null;
                    continue;
            }

            var pax = local is null ? global : new Dictionary<string, byte[]>(global.Concat(local).GroupBy(p => p.Key).Select(g => g.Last()), StringComparer.Ordinal);
            var member = new TarMember(header, pax, longName, longLink, offset);
            local = null;
            longName = longLink = null;
            Members++;
            Add(member, source);
        }
    }

    private Dictionary<string, byte[]> PaxRecordsOrProblem(byte[] data, long offset)
    {
        var records = PaxRecords.Parse(data, out var problem);
        if (problem is not null)
        {
            Problem(offset, problem + "; the records before it are used");
        }

        return records;
    }

    /// <summary>The data of a metadata header (pax records, GNU long name), bounded; null (and skipped) when too large or cut off.</summary>
    private byte[]? Metadata(TarSource source, TarHeader header, long offset)
    {
        if (header.Size > MaxMetadataSize)
        {
            Problem(offset, $"a '{(char)header.TypeFlag}' metadata header of {header.Size} bytes is larger than {MaxMetadataSize}; skipped");
            source.Skip(header.Size + TarSource.Padding(header.Size));
            return null;
        }

        var data = new byte[header.Size];
        var n = source.ReadFully(data);
        source.Skip(TarSource.Padding(header.Size));
        if (n < data.Length)
        {
            Problem(offset, $"the archive ends inside a metadata header ({n} of {data.Length} bytes)");
            return null;
        }

        return data;
    }

    private void Add(TarMember member, TarSource source)
    {
        var type = member.Header.TypeFlag;
        var hasData = type is (byte)'0' or 0 or (byte)'7' or (byte)'S' or (byte)'5' or (byte)'D' || !IsKnownType(type);
        var dataOffset = source.Offset;
        var size = hasData ? member.Size : 0;
        var present = source.Skip(size);
        source.Skip(TarSource.Padding(size));
        var components = PathDepth.Components(member.Name);
        var name = PathDepth.Shown(member.Name, components);
        if (present < size)
        {
            Problem(member.Offset, $"{name}: the archive ends inside this member ({present} of {size} bytes); what is there is kept");
        }

        if (components > PathDepth.MaxComponents)
        {
            TooDeepMember(member, components, name);
            return;
        }

        if (Normalize(member.Name) is not { } path)
        {
            Problem(member.Offset, $"{name}: the name climbs out of the archive with '..'; member skipped");
            return;
        }

        if (type == (byte)'S')
        {
            Problem(member.Offset, $"{name}: a GNU sparse member, whose holes are not rebuilt; member skipped");
            return;
        }

        if (!IsKnownType(type))
        {
            Problem(member.Offset, $"{name}: member type '{(char)type}' is not a file type; member skipped");
            return;
        }

        TarNode node;
        if (type == (byte)'1')
        {
            if (Normalize(member.LinkName) is null || Find(member.LinkName) is not { Status.Kind: FileKind.File } linked)
            {
                Problem(member.Offset, $"{name}: a hard link to {PathDepth.Shown(member.LinkName, PathDepth.Components(member.LinkName))}, which is not an earlier file of the archive; member skipped");
                return;
            }

            node = new TarNode(linked.Status) { DataOffset = linked.DataOffset, DataLength = linked.DataLength, Xattrs = linked.Xattrs };
        }
        else
        {
            node = new TarNode(member.Status(TypeBits(type), _nextInode++))
            {
                DataOffset = dataOffset,
                DataLength = present,
                LinkTarget = type == (byte)'2' ? member.LinkName : null,
                Xattrs = member.Xattrs(),
            };
        }

        Insert(path, node);
    }

    /// <summary>
    /// A member deeper than <see cref="PathDepth.MaxComponents"/>: not indexed (no directories are made for it). The
    /// members below one folder at the limit are one problem, named by the first of them, with how many more there are.
    /// </summary>
    private void TooDeepMember(TarMember member, int components, string name)
    {
        var folder = Key(member.Name.AsSpan(0, PrefixLength(member.Name, PathDepth.MaxComponents)));
        if (_tooDeep.TryGetValue(folder, out var first))
        {
            first.More++;
            return;
        }

        _tooDeep[folder] = new TooDeep(_problems.Count, member.Offset, name, components);
        Problem(member.Offset, TooDeepProblem(name, components, 0));
    }

    private static string TooDeepProblem(string name, int components, int more) =>
        $"{name}: {components} path components, deeper than {PathDepth.MaxComponents}; not followed" +
        (more > 0 ? $", nor {more} more {(more == 1 ? "member" : "members")} that deep below the same folder" : "");

    /// <summary>The length of the first <paramref name="components"/> components of a name (with what separates them).</summary>
    private static int PrefixLength(byte[] name, int components)
    {
        var seen = 0;
        var start = 0;
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] != (byte)'/')
            {
                continue;
            }

            var length = i - start;
            if (length > 0 && !(length == 1 && name[start] == (byte)'.') && ++seen == components)
            {
                return i;
            }

            start = i + 1;
        }

        return name.Length;
    }

    private sealed class TooDeep(int problem, long offset, string name, int components)
    {
        public int Problem { get; } = problem;

        public long Offset { get; } = offset;

        public string Name { get; } = name;

        public int Components { get; } = components;

        public int More { get; set; }
    }

    /// <summary>The node a volume path names, found one component at a time (time linear in the path); null when none.</summary>
    public TarNode? Find(ReadOnlySpan<byte> path)
    {
        var node = Root;
        var start = 0;
        for (var i = 0; i <= path.Length; i++)
        {
            if (i < path.Length && path[i] != (byte)'/')
            {
                continue;
            }

            var part = path[start..i];
            start = i + 1;
            if (part.IsEmpty || part is [(byte)'.'])
            {
                continue;
            }

            if (node.Children is null || !node.Children.TryGetValue(Key(part), out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    /// <summary>Puts a node at a path, making the directories above it that the archive has no header for.</summary>
    private void Insert(List<byte[]> path, TarNode node)
    {
        if (path.Count == 0)
        {
            if (node.Status.Kind == FileKind.Directory)
            {
                Root.Status = node.Status with { Inode = 1 };
                Root.Implied = false;
                Root.Xattrs = node.Xattrs;
            }

            return;
        }

        var parent = Root;
        for (var i = 0; i < path.Count - 1; i++)
        {
            parent = Subdirectory(parent, path[i]);
        }

        Put(parent, path[^1], node);
    }

    private TarNode Subdirectory(TarNode parent, byte[] name)
    {
        if (parent.Children!.TryGetValue(Key(name), out var node) && node.Status.Kind == FileKind.Directory)
        {
            return node;
        }

        var directory = ImpliedDirectory(_nextInode++);
        Put(parent, name, directory); // replaces a non-directory of that name: a later member puts a directory there
        return directory;
    }

    /// <summary>A name in a directory; a name already there is replaced with all below it, as extraction would (a directory keeps its names).</summary>
    private void Put(TarNode parent, byte[] name, TarNode node)
    {
        var key = Key(name);
        if (parent.Children!.TryGetValue(key, out var existing))
        {
            if (!existing.Implied)
            {
                _duplicates++;
            }

            if (existing.Status.Kind == FileKind.Directory && node.Status.Kind == FileKind.Directory)
            {
                existing.Status = node.Status with { Inode = existing.Status.Inode };
                existing.Implied &= node.Implied;
                existing.Xattrs = node.Xattrs;
                return;
            }
        }

        if (node.Status.Kind == FileKind.Directory)
        {
            node.Children ??= new(StringComparer.Ordinal);
        }

        parent.Children[key] = node;
    }

    /// <summary>Link counts (a directory's 2 + its subdirectories, a file's its hard links) and sorted names, over the tree without recursion.</summary>
    private void Finish()
    {
        var nodes = new List<TarNode>();
        var pending = new Stack<TarNode>([Root]);
        while (pending.TryPop(out var node))
        {
            nodes.Add(node);
            foreach (var child in node.Children?.Values ?? Enumerable.Empty<TarNode>())
            {
                pending.Push(child);
            }
        }

        var linkCounts = new Dictionary<ulong, uint>();
        foreach (var node in nodes.Where(n => n.Status.Kind == FileKind.File))
        {
            linkCounts[node.Status.Inode] = linkCounts.GetValueOrDefault(node.Status.Inode) + 1;
        }

        foreach (var node in nodes)
        {
            if (node.Children is { } children)
            {
                node.SortedChildren = children.Keys.Order(StringComparer.Ordinal).Select(k => Encoding.Latin1.GetBytes(k)).ToList(); // Latin-1 order is byte order
                node.Status = node.Status with { Links = (uint)(2 + children.Values.Count(c => c.Status.Kind == FileKind.Directory)) };
            }
            else if (node.Status.Kind == FileKind.File)
            {
                node.Status = node.Status with { Links = linkCounts[node.Status.Inode] };
            }
        }

        foreach (var deep in _tooDeep.Values.Where(d => d.More > 0))
        {
            _problems[deep.Problem] = _problems[deep.Problem] with { Problem = TooDeepProblem(deep.Name, deep.Components, deep.More) };
        }

        if (_duplicates > 0)
        {
            Problem(-1, $"{_duplicates} names appear more than once (an appended archive?); the last copy of each is used, as extraction would");
        }
    }

    private static TarNode ImpliedDirectory(long inode) =>
        new(new FileStatus(0x41ED, 0, 0, 0, (ulong)inode, 2, null, null, null, new PreciseTime(0, 0), 0, 0)) { Implied = true, Children = new(StringComparer.Ordinal) };

    private void Problem(long offset, string problem) =>
        _problems.Add(new VolumeProblem(_archive, offset < 0 ? "whole archive" : $"byte {offset}", problem));

    private static bool IsKnownType(byte type) => type is 0 or (byte)'0' or (byte)'1' or (byte)'2' or (byte)'3' or (byte)'4'
        or (byte)'5' or (byte)'6' or (byte)'7' or (byte)'D' or (byte)'S';

    private static int TypeBits(byte type) => type switch
    {
        (byte)'2' => 0xA000,
        (byte)'3' => 0x2000,
        (byte)'4' => 0x6000,
        (byte)'5' or (byte)'D' => 0x4000,
        (byte)'6' => 0x1000,
        _ => 0x8000,
    };

    /// <summary>A member name as its clean components (no leading '/', no '.', no empty parts); null when it uses '..'.</summary>
    internal static List<byte[]>? Normalize(byte[] name)
    {
        var parts = new List<byte[]>();
        foreach (var part in RawPath.Components(name))
        {
            if (part is [(byte)'.', (byte)'.'])
            {
                return null;
            }

            parts.Add(part);
        }

        return parts;
    }
}
