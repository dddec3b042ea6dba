namespace EksIr.Core.Bolt;

/// <summary>
/// A read-only bbolt (etcd-io/bbolt) database over the bytes of its file — containerd's <c>meta.db</c> and the
/// snapshotters' <c>metadata.db</c>. Both meta pages are validated (magic, version, FNV-1a checksum) and the valid
/// one with the highest txid is used, as bbolt does. Every page read is bounds-checked; a damaged page below the
/// root is skipped and reported in <see cref="Problems"/> so the rest of the database is still read.
/// </summary>
public sealed class BoltDatabase
{
    private static readonly uint[] CandidatePageSizes = [4096, 8192, 16384, 32768, 65536, 2048, 1024, 512];
    private readonly List<BoltFormatException> _problems = [];

    private BoltDatabase(BoltBytes bytes, BoltMeta meta, IReadOnlyList<string> metaNotes)
    {
        Bytes = bytes;
        Meta = meta;
        MetaNotes = metaNotes;
        Root = new BoltBucket(this, meta.RootPage, null, "");
    }

    internal BoltBytes Bytes { get; }

    public string File => Bytes.File;

    /// <summary>The meta page in use.</summary>
    public BoltMeta Meta { get; }

    /// <summary>Why the other meta page was not used (an analyst may care: a torn write, or tampering).</summary>
    public IReadOnlyList<string> MetaNotes { get; }

    /// <summary>Damaged pages skipped so far while reading.</summary>
    public IReadOnlyList<BoltFormatException> Problems => _problems;

    public BoltBucket Root { get; }

    public static BoltDatabase Open(ReadOnlyMemory<byte> data, string file)
    {
        var bytes = new BoltBytes(data, file);
        var notes = new List<string>();
        var first = BoltMeta.TryRead(bytes, 0, 0, out var firstProblem);
        if (firstProblem is not null)
        {
            notes.Add(firstProblem);
        }

        BoltMeta? second = null;
        var sizes = first is not null ? [first.PageSize] : CandidatePageSizes;
        var secondProblems = new List<string>();
        foreach (var size in sizes)
        {
            second = BoltMeta.TryRead(bytes, 1, size, out var problem);
            if (second is not null && (first is null || second.PageSize == first.PageSize))
            {
                break;
            }

            second = null;
            secondProblems.Add(problem ?? $"meta page 1: page size {size} differs from meta page 0");
        }

        if (second is null)
        {
            notes.Add(first is not null ? secondProblems[0] : "meta page 1: not found at any usual page size");
        }

        var meta = (first, second) switch
        {
            (null, null) => throw new BoltFormatException(file, 0, "no valid meta page: " + string.Join("; ", notes)),
            ({ } a, null) => a,
            (null, { } b) => b,
            ({ } a, { } b) => a.TxId >= b.TxId ? a : b,
        };

        if (meta.RootPage < 2 || meta.RootPage >= meta.HighWaterMark)
        {
            throw new BoltFormatException(file, meta.PageId * (long)meta.PageSize + 16,
                $"meta page {meta.PageId}: root page {meta.RootPage} outside the database's {meta.HighWaterMark} pages");
        }

        return new BoltDatabase(bytes, meta, notes);
    }

    internal void Report(BoltFormatException problem) => _problems.Add(problem);

    /// <summary>The bucket at a path of names (each a UTF-8 key), or null where any step is missing.</summary>
    public BoltBucket? Bucket(params string[] path)
    {
        var bucket = Root;
        foreach (var name in path)
        {
            bucket = bucket.Bucket(name);
            if (bucket is null)
            {
                return null;
            }
        }

        return bucket;
    }
}
