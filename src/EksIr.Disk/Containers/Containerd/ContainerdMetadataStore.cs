using EksIr.Core.Bolt;
using EksIr.Core.Evidence;

namespace EksIr.Disk.Containers.Containerd;

/// <summary>
/// containerd's metadata database, <c>var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db</c>, read-only.
/// Layout (core/metadata/buckets.go): <c>v1/&lt;namespace&gt;/containers/&lt;id&gt;/{createdat, updatedat, image,
/// snapshotter, snapshotKey, runtime/{name}, labels/…}</c> and <c>v1/&lt;namespace&gt;/images/&lt;name&gt;/{createdat,
/// updatedat, target/{digest, mediatype, size}, labels/…}</c>, and (sandbox API) <c>&lt;namespace&gt;/sandboxes/&lt;id&gt;/
/// {createdat, updatedat, labels/…, runtime/{name}, spec}</c> — a top-level bucket named after the namespace before
/// schema version 4 (containerd 1.7's createSandboxBucket), moved under <c>v1/</c> by version 4's migrateSandboxes
/// (2.x); both are read. Times are Go MarshalBinary. EKS nodes use the namespace <c>k8s.io</c>, Docker hosts <c>moby</c>.
/// The schema's minor version is <c>v1/version</c> (binary.PutVarint), one per migration in core/metadata/migrations.go:
/// 1 child links, 2 structured ingests, 3 bbolt (containerd 1.x), 4 sandboxes under v1 (2.x).
/// </summary>
public sealed class ContainerdMetadataStore
{
    private readonly BoltDatabase _db;
    private readonly List<EvidenceProblem> _problems = [];

    private IReadOnlyDictionary<(string Namespace, string Name), string>? _configIds;

    /// <summary>The newest <c>v1/version</c> whose layout this reader knows (containerd 2.x's dbVersion).</summary>
    public const long NewestKnownVersion = 4;

    private ContainerdMetadataStore(BoltDatabase db)
    {
        _db = db;
        CheckSchema();
    }

    /// <summary>
    /// Names a schema this reader does not know, and reads on: no <c>v1</c> bucket (nothing is listed from it), or a
    /// <c>v1/version</c> that is unreadable or newer than <see cref="NewestKnownVersion"/> (read as v1.4; what later
    /// versions added is not shown). A missing version is read as v1 without a problem, as containerd's own Init does
    /// (it takes the database as version 0 and migrates it).
    /// </summary>
    private void CheckSchema()
    {
        if (_db.Bucket("v1") is not { } v1)
        {
            var others = _db.Root.Buckets().Select(b => b.Entry.KeyText).Where(n => _db.Bucket(n, "sandboxes") is null).ToArray();
            if (others.Length > 0)
            {
                _problems.Add(new EvidenceProblem(ContainerdPaths.MetaDb, "",
                    $"no schema bucket v1 (top-level buckets: {string.Join(", ", others)}): a metadata schema this reader does not know; nothing is listed from it"));
            }

            return;
        }

        if (v1.Get("version") is not { } raw)
        {
            return;
        }

        var version = Varint.TryRead(raw.Span);
        if (version is null or < 1 or > NewestKnownVersion)
        {
            var shown = version is { } v ? $"version {v}" : $"an unreadable version ({Convert.ToHexString(raw.Span)})";
            _problems.Add(new EvidenceProblem(ContainerdPaths.MetaDb, "v1/version",
                $"schema v1 {shown} is not one this reader knows (1-3: containerd 1.x, 4: 2.x); read as v1.{NewestKnownVersion}, and what a later version added is not shown"));
        }
    }

    /// <summary>
    /// Gives containers the image id analysts know (the config digest, as crictl and docker show it) instead of the
    /// manifest digest meta.db stores; without it a container's imageId is the manifest digest.
    /// </summary>
    public void UseImageIds(IReadOnlyDictionary<(string Namespace, string Name), string> configIds) => _configIds = configIds;

    public static bool Exists(EvidenceRoot root) => root.FileExists(ContainerdPaths.MetaDb);

    public static ContainerdMetadataStore Open(EvidenceRoot root)
    {
        var bytes = root.ReadAllBytes(ContainerdPaths.MetaDb);
        return new ContainerdMetadataStore(BoltDatabase.Open(bytes, ContainerdPaths.MetaDb));
    }

    /// <summary>Damaged records and pages met so far (including the bbolt reader's skipped pages).</summary>
    public IReadOnlyList<EvidenceProblem> Problems =>
        [.. _problems, .. _db.Problems.Select(p => new EvidenceProblem(ContainerdPaths.MetaDb, p.Offset is { } o ? $"offset {o}" : "", p.Problem))];

    public IReadOnlyList<string> Namespaces() =>
        _db.Bucket("v1") is { } v1 ? v1.Buckets().Select(b => b.Entry.KeyText).ToArray() : [];

    /// <summary>The snapshotter's own name for a snapshot key of meta.db (<c>v1/&lt;ns&gt;/snapshots/&lt;snapshotter&gt;/&lt;key&gt;/name</c>).</summary>
    public string? SnapshotName(string ns, string snapshotter, string key) =>
        _db.Bucket("v1", ns, "snapshots", snapshotter, key)?.Get("name") is { } name ? BoltText.Lossless(name.Span) : null;

    /// <summary>
    /// Whether a content blob was fetched from a registry: true when containerd labelled it
    /// <c>containerd.io/distribution.source.&lt;host&gt;</c> (every pull since 1.4 does), false when it has labels
    /// (an import's <c>containerd.io/gc.ref.*</c>) but no source, null when its record has no labels at all or is
    /// missing — nothing to judge from (a metadata-only collection, a pruned content store).
    /// </summary>
    public bool? PulledFromRegistry(string ns, string digest)
    {
        var labels = _db.Bucket("v1", ns, "content", "blob", digest)?.Bucket("labels")?.Entries().Select(e => e.KeyText).ToArray();
        return labels is null or { Length: 0 } ? null
            : labels.Any(l => l.StartsWith("containerd.io/distribution.source.", StringComparison.Ordinal));
    }

    public IEnumerable<ContainerdImage> Images(string ns)
    {
        if (_db.Bucket("v1", ns, "images") is not { } images)
        {
            yield break;
        }

        foreach (var (entry, bucket) in images.Buckets())
        {
            var name = entry.KeyText;
            var fields = new BoltFields(bucket, ContainerdPaths.MetaDb, $"v1/{ns}/images/{name}", _problems);
            var target = fields.Child("target");
            long? size = bucket.Bucket("target")?.Get("size") is { } raw ? Varint.TryRead(raw.Span) : null;
            yield return new ContainerdImage(ns, name, target?.Text("digest"), target?.Text("mediatype"), size,
                fields.Time("createdat"), fields.Time("updatedat"), fields.Labels());
        }
    }

    private ContainerSecurity Unreadable(string ns, string id)
    {
        _problems.Add(new EvidenceProblem(ContainerdPaths.MetaDb, $"v1/{ns}/containers/{id}/spec", "OCI spec unreadable"));
        return ContainerSecurity.Unknown;
    }

    public IEnumerable<ContainerRecord> Containers(string ns)
    {
        if (_db.Bucket("v1", ns, "containers") is not { } containers)
        {
            yield break;
        }

        var imageIds = _configIds?.Where(kv => kv.Key.Namespace == ns).ToDictionary(kv => kv.Key.Name, kv => (string?)kv.Value, StringComparer.Ordinal)
                       ?? Images(ns).ToDictionary(i => i.Name, i => i.Digest, StringComparer.Ordinal);
        foreach (var (entry, bucket) in containers.Buckets())
        {
            var id = entry.KeyText;
            var fields = new BoltFields(bucket, ContainerdPaths.MetaDb, $"v1/{ns}/containers/{id}", _problems);
            var labels = fields.Labels();
            var image = fields.Text("image") ?? "";
            labels.TryGetValue(PodRef.ContainerNameLabel, out var containerName);
            labels.TryGetValue("io.cri-containerd.kind", out var kind);
            yield return new ContainerRecord(
                id,
                containerName ?? id,
                "containerd",
                ns,
                image,
                imageIds.GetValueOrDefault(image),
                "unknown",
                fields.Time("createdat"),
                fields.Time("updatedat"),
                kind,
                PodRef.FromLabels(labels),
                containerName,
                labels,
                fields.Text("snapshotter"),
                fields.Text("snapshotKey"),
                fields.Child("runtime")?.Text("name"),
                bucket.Get("spec") is { } spec
                    ? OciSpec.TryRead(spec.Span, ContainerdPaths.MetaDb, $"v1/{ns}/containers/{id}/spec", _problems) ?? Unreadable(ns, id)
                    : ContainerSecurity.Unknown);
        }
    }

    /// <summary>
    /// Pod sandboxes recorded by containerd's sandbox API (1.7+), as sandbox records: on such nodes a pod may have
    /// no pause container in <c>containers</c>, only this record.
    /// </summary>
    public IEnumerable<ContainerRecord> Sandboxes(string ns)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (prefix, sandboxes) in new[] { ("", _db.Bucket(ns, "sandboxes")), ("v1/", _db.Bucket("v1", ns, "sandboxes")) })
        {
            foreach (var (entry, bucket) in sandboxes?.Buckets() ?? [])
            {
                if (!seen.Add(entry.KeyText))
                {
                    continue;
                }

                yield return Sandbox(ns, entry.KeyText, new BoltFields(bucket, ContainerdPaths.MetaDb, $"{prefix}{ns}/sandboxes/{entry.KeyText}", _problems));
            }
        }
    }

    private static ContainerRecord Sandbox(string ns, string id, BoltFields fields)
    {
        {
            var labels = fields.Labels();
            var pod = PodRef.FromLabels(labels);
            return new ContainerRecord(id, pod?.Name ?? id, "containerd", ns, "", null, "unknown", fields.Time("createdat"), fields.Time("updatedat"),
                "sandbox", pod, null, labels, null, null, fields.Child("runtime")?.Text("name"), ContainerSecurity.Unknown);
        }
    }
}
