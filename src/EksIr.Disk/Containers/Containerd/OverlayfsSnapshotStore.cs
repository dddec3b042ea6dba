using EksIr.Core.Bolt;
using EksIr.Core.Evidence;

namespace EksIr.Disk.Containers.Containerd;

/// <summary>
/// The overlayfs snapshotter's own database, <c>io.containerd.snapshotter.v1.overlayfs/metadata.db</c>, read-only.
/// Keys are the snapshotter's names (<c>&lt;namespace&gt;/&lt;txid&gt;/&lt;key&gt;</c> for containerd's snapshots);
/// meta.db maps a container's snapshot key to that name under <c>v1/&lt;ns&gt;/snapshots/overlayfs/&lt;key&gt;/name</c>.
/// </summary>
public sealed class OverlayfsSnapshotStore
{
    private readonly Dictionary<string, OverlayfsSnapshot> _byKey;

    private OverlayfsSnapshotStore(Dictionary<string, OverlayfsSnapshot> byKey, IReadOnlyList<EvidenceProblem> problems)
    {
        _byKey = byKey;
        Problems = problems;
    }

    public IReadOnlyList<EvidenceProblem> Problems { get; }

    public IReadOnlyCollection<OverlayfsSnapshot> Snapshots => _byKey.Values;

    /// <summary>The overlayfs snapshotter's database, or another snapshotter's built on containerd's same storage.MetaStore (native).</summary>
    public static OverlayfsSnapshotStore Open(EvidenceRoot root, string metadataDb = ContainerdPaths.OverlayfsMetadataDb)
    {
        var db = BoltDatabase.Open(root.ReadAllBytes(metadataDb), metadataDb);
        var problems = new List<EvidenceProblem>();
        var snapshots = new Dictionary<string, OverlayfsSnapshot>(StringComparer.Ordinal);
        foreach (var (entry, bucket) in db.Bucket("v1", "snapshots")?.Buckets() ?? [])
        {
            var key = entry.KeyText;
            var where = $"v1/snapshots/{key}";
            var fields = new BoltFields(bucket, metadataDb, where, problems);
            var idBytes = bucket.Get("id");
            if (idBytes is not { } raw || Varint.TryReadUnsigned(raw.Span, out _) is not { } id)
            {
                problems.Add(new EvidenceProblem(metadataDb, where, "snapshot has no readable id; its layer directory is unknown"));
                continue;
            }

            var kind = bucket.Get("kind") is { Length: 1 } k ? OverlayfsSnapshot.KindName(k.Span[0]) : "unknown";
            snapshots[key] = new OverlayfsSnapshot(key, id.ToString(System.Globalization.CultureInfo.InvariantCulture), kind,
                fields.Text("parent"), fields.Time("createdat"), fields.Time("updatedat"));
        }

        problems.AddRange(db.Problems.Select(p => new EvidenceProblem(metadataDb, p.Offset is { } o ? $"offset {o}" : "", p.Problem)));
        return new OverlayfsSnapshotStore(snapshots, problems);
    }

    public OverlayfsSnapshot? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>A snapshot and its ancestors, newest first (the overlay's upper, then its lowers).</summary>
    public IReadOnlyList<OverlayfsSnapshot> Chain(string key)
    {
        var chain = new List<OverlayfsSnapshot>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = Find(key); current is not null && seen.Add(current.Key); current = current.Parent is { } p ? Find(p) : null)
        {
            chain.Add(current);
        }

        return chain;
    }
}
