namespace EksIr.Core.FileSystems.Tar;

/// <summary>
/// Every name of an archive, read front to back once: headers (v7, ustar, GNU long names, pax with sub-second
/// times and SCHILY/LIBARCHIVE xattrs), where each member's bytes are, and directories with their names. What
/// cannot be taken in (a damaged header, a cut-off member, a name climbing out with '..', a sparse member, a name
/// deeper than <see cref="PathDepth.MaxComponents"/>) is skipped, counted and said, never fatal; reading resumes at the
/// next valid header.
/// </summary>
internal sealed class TarIndex
{
    private const int MaxMetadataSize = 1 << 20; // pax headers and GNU long names larger than this are not names

    private readonly string _archive;
    private readonly List<VolumeProblem> _problems = [];
    private readonly TooDeepMembers _tooDeep = new();

    private TarIndex(string archive) => _archive = archive;

    /// <summary>Every name the archive holds, one node per path component.</summary>
    public TarTree Tree { get; } = new();

    public IReadOnlyList<VolumeProblem> Problems => _problems;

    public int Members { get; private set; }

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
            if (_tooDeep.Add(member.Name, components, name, _problems.Count))
            {
                Problem(member.Offset, TooDeepMembers.Problem(name, components, 0));
            }

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
            if (Normalize(member.LinkName) is null || Tree.Find(member.LinkName) is not { Status.Kind: FileKind.File } linked)
            {
                Problem(member.Offset, $"{name}: a hard link to {PathDepth.Shown(member.LinkName, PathDepth.Components(member.LinkName))}, which is not an earlier file of the archive; member skipped");
                return;
            }

            node = new TarNode(linked.Status) { DataOffset = linked.DataOffset, DataLength = linked.DataLength, Xattrs = linked.Xattrs };
        }
        else
        {
            node = new TarNode(member.Status(TypeBits(type), Tree.NextInode()))
            {
                DataOffset = dataOffset,
                DataLength = present,
                LinkTarget = type == (byte)'2' ? member.LinkName : null,
                Xattrs = member.Xattrs(why => Problem(member.Offset, $"{name}: {why}")),
            };
        }

        Tree.Insert(path, node);
    }

    private void Finish()
    {
        Tree.Finish();
        foreach (var (index, problem) in _tooDeep.Recounted())
        {
            _problems[index] = _problems[index] with { Problem = problem };
        }

        if (Tree.Duplicates > 0)
        {
            Problem(-1, $"{Tree.Duplicates} names appear more than once (an appended archive?); the last copy of each is used, as extraction would");
        }
    }

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
