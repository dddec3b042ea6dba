using System.Text;
using System.Text.Json;
using EksIr.Disk.Containers.Overlay;
using EksIr.Core.Evidence;
using EksIr.Core.Time;

namespace EksIr.Disk.Containers.Docker;

/// <summary>
/// Docker's state on a node's disk (<c>var/lib/docker</c>), read-only: containers from config.v2.json and
/// hostconfig.json, images from repositories.json and the image db, and each container's overlay2 layer stack.
/// One damaged container folder is reported and the others are still listed.
/// </summary>
public sealed class DockerStore(EvidenceRoot root)
{
    private readonly List<EvidenceProblem> _problems = [];

    public IReadOnlyList<EvidenceProblem> Problems => _problems;

    public static bool Exists(EvidenceRoot root) => root.DirectoryExists(DockerPaths.Containers);

    /// <summary>
    /// A storage driver other than overlay2 whose image store is on the disk (<c>image/&lt;driver&gt;</c>) while
    /// overlay2's is not — the legacy <c>overlay</c>, aufs, devicemapper, …: its images and layers are not read.
    /// </summary>
    public static string? UnreadDriver(EvidenceRoot root) => Driver(root) is { } driver && driver != "overlay2" ? driver : null;

    /// <summary>
    /// The storage driver the disk names: its image store <c>image/&lt;driver&gt;</c> (Docker 1.10 and later), overlay2's
    /// first; else, for Docker before 1.10 (images in <c>graph/</c>), the driver's own folder beside it; null when neither tells.
    /// </summary>
    public static string? Driver(EvidenceRoot root)
    {
        string[] drivers = ["overlay2", .. DockerPaths.OtherDrivers];
        return drivers.FirstOrDefault(d => root.DirectoryExists($"{DockerPaths.Root}/image/{d}"))
               ?? (root.DirectoryExists(DockerPaths.LegacyGraph) ? drivers.FirstOrDefault(d => root.DirectoryExists($"{DockerPaths.Root}/{d}")) : null);
    }

    /// <summary>The named problem of a driver this reader does not read, for whichever verb met it.</summary>
    public static EvidenceAccessException NotRead(string driver, string consequence) =>
        new($"{DockerPaths.Root}/{driver}", $"storage driver {driver} is not read: only overlay2's image store and layers are; {consequence}");

    /// <summary>
    /// Every container folder's config.v2.json; a folder with only <c>config.json</c> is Docker before 1.10 (the same
    /// fields, under their older name), read the same way.
    /// </summary>
    public IEnumerable<ContainerRecord> Containers()
    {
        var configs = root.Walk(DockerPaths.Containers, _problems, "the containers in it are not listed").Select(e => e.Path)
            .Where(p => p.EndsWith("/config.v2.json", StringComparison.Ordinal) || IsPre110Config(p)).ToList();
        var current = configs.Where(p => p.EndsWith("/config.v2.json", StringComparison.Ordinal)).Select(Folder).ToHashSet(StringComparer.Ordinal);
        foreach (var path in configs.Where(p => p.EndsWith("/config.v2.json", StringComparison.Ordinal) || !current.Contains(Folder(p))))
        {
            if (Container(path) is { } container)
            {
                yield return container;
            }
        }
    }

    private static string Folder(string path) => path[..path.LastIndexOf('/')];

    private static bool IsPre110Config(string path) =>
        path.Length > DockerPaths.Containers.Length + 1 && path.StartsWith(DockerPaths.Containers + "/", StringComparison.Ordinal)
        && path[(DockerPaths.Containers.Length + 1)..] is var rest && rest.EndsWith("/config.json", StringComparison.Ordinal) && rest.Count(c => c == '/') == 1;

    private ContainerRecord? Container(string configPath)
    {
        using var doc = JsonEvidence.TryRead(root, configPath, _problems);
        if (doc is null)
        {
            return null;
        }

        var c = doc.RootElement;
        var id = c.Str("ID") ?? Path.GetFileName(Path.GetDirectoryName(configPath))!;
        var labels = c.StringMap("Config", "Labels");
        labels.TryGetValue(PodRef.ContainerNameLabel, out var containerName);
        labels.TryGetValue("io.kubernetes.docker.type", out var dockerType);
        var created = Rfc3339.TryParse(c.Str("Created"));
        if (created is null && c.Str("Created") is { } bad)
        {
            _problems.Add(new EvidenceProblem(configPath, "Created", $"unreadable time '{bad}'"));
        }

        return new ContainerRecord(
            id,
            (c.Str("Name") ?? id).TrimStart('/'),
            "docker",
            "",
            c.Str("Config", "Image") ?? "",
            c.Str("Image"),
            State(c),
            created,
            Rfc3339.TryParse(c.Str("State", "FinishedAt")) ?? Rfc3339.TryParse(c.Str("State", "StartedAt")),
            dockerType switch { "podsandbox" => "sandbox", "container" => "container", _ => labels.ContainsKey(PodRef.NameLabel) ? "container" : null },
            PodRef.FromLabels(labels),
            containerName,
            labels,
            c.Str("Driver"),
            id,
            "docker",
            Security(c, configPath[..configPath.LastIndexOf('/')]));
    }

    /// <summary>From hostconfig.json (Privileged, NetworkMode/PidMode/IpcMode "host", CapAdd, Binds) and config.v2.json (MountPoints, Path/Args).</summary>
    private ContainerSecurity Security(JsonElement config, string containerFolder)
    {
        var path = containerFolder + "/hostconfig.json";
        using var host = root.FileExists(path) ? JsonEvidence.TryRead(root, path, _problems) : null;
        var h = host?.RootElement;
        var mounts = config.Get("MountPoints") is { ValueKind: JsonValueKind.Object } points
            ? points.EnumerateObject().Select(p => new ContainerMount(MountSource(p.Value), p.Value.Str("Destination") ?? p.Name, !p.Value.Bool("RW"))).ToArray()
            : [];
        return new ContainerSecurity(
            h?.Bool("Privileged"),
            h is null ? null : h.Value.Str("NetworkMode") == "host",
            h is null ? null : h.Value.Str("PidMode") == "host",
            h is null ? null : h.Value.Str("IpcMode") == "host",
            h?.StringList("CapAdd") ?? [],
            mounts,
            [.. config.Str("Path") is { } p ? [p] : Array.Empty<string>(), .. config.StringList("Args")]);
    }

    /// <summary>
    /// A mount point's host source. config.v2.json keeps a volume's <c>Source</c> empty (the daemon asks the volume driver
    /// at run time); the local driver's data is <c>volumes/&lt;Name&gt;/_data</c> under Docker's root, the path
    /// <c>docker inspect</c> shows. Another driver's volume is named by its name and driver.
    /// </summary>
    private static string MountSource(JsonElement point)
    {
        if (point.Str("Source") is { Length: > 0 } source)
        {
            return source;
        }

        var name = point.Str("Name");
        if (point.Str("Type") != "volume" || string.IsNullOrEmpty(name))
        {
            return name ?? "";
        }

        var single = name is not ("." or "..") && !name.Contains('/') && !name.Contains('\0');
        return point.Str("Driver") is null or "" or "local" && single
            ? $"/{DockerPaths.Root}/volumes/{name}/_data"
            : $"volume {name} (driver {point.Str("Driver")})"; // not one folder name: said as the record has it, never made a path
    }

    private static string State(JsonElement c) =>
        c.Bool("State", "Running") ? (c.Bool("State", "Paused") ? "paused" : c.Bool("State", "Restarting") ? "restarting" : "running")
        : c.Bool("State", "Dead") ? "dead"
        : Rfc3339.TryParse(c.Str("State", "StartedAt")) is null ? "created"
        : "exited";

    /// <summary>
    /// The container's overlay2 stack: its upper <c>overlay2/&lt;mount-id&gt;/diff</c>, then the lowers named in
    /// <c>overlay2/&lt;mount-id&gt;/lower</c> (<c>l/&lt;short&gt;</c> links, newest first, the -init layer first).
    /// </summary>
    public IReadOnlyList<OverlayLayer> Layers(string containerId)
    {
        var mountIdPath = $"{DockerPaths.Mounts}/{EvidenceName.Of(containerId, "container id")}/mount-id";
        var mountId = EvidenceName.Of(ReadText(mountIdPath).Trim(), $"{mountIdPath}: layer id");

        var chains = LayerChains();
        var layers = new List<OverlayLayer> { Layer(mountId, $"{DockerPaths.Overlay2}/{mountId}/diff", $"container layer (mount-id {mountId})") };
        var lowerPath = $"{DockerPaths.Overlay2}/{mountId}/lower";
        if (root.FileExists(lowerPath))
        {
            foreach (var link in ReadText(lowerPath).Trim().Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                // l/<short> is a link to ../<id>/diff; EvidenceRoot resolves it inside the node root.
                var evidencePath = root.Resolve(DockerPaths.Overlay2 + "/" + string.Join('/', link.Split('/').Select(part => EvidenceName.Of(part, $"{lowerPath}: layer link"))));
                var id = Path.GetFileName(Path.GetDirectoryName(evidencePath)) ?? link;
                layers.Add(Layer(id, evidencePath, chains.TryGetValue(id, out var chain) ? $"layer {chain}" : null, $" (named in {lowerPath})"));
            }
        }

        return layers;
    }

    /// <summary>overlay2 directory id → layer chain id, from <c>layerdb/sha256/&lt;chain&gt;/cache-id</c>.</summary>
    private Dictionary<string, string> LayerChains()
    {
        var chains = new Dictionary<string, string>(StringComparer.Ordinal);
        var layerdb = $"{DockerPaths.ImageRoot}/layerdb/sha256";
        if (!root.DirectoryExists(layerdb))
        {
            return chains;
        }

        foreach (var entry in root.Walk(layerdb, _problems, "the layers in it are not named by their chain id").Where(e => e.Kind == EvidenceEntryKind.File && e.Path.EndsWith("/cache-id", StringComparison.Ordinal)))
        {
            var cacheId = Encoding.ASCII.GetString(root.ReadAllBytes(entry.Path, 256)).Trim();
            chains[cacheId] = "sha256:" + Path.GetFileName(Path.GetDirectoryName(entry.Path));
        }

        return chains;
    }

    private OverlayLayer Layer(string id, string evidencePath, string? engineName, string namedIn = "")
    {
        if (!root.DirectoryExists(evidencePath))
        {
            throw new EvidenceAccessException(evidencePath, $"layer directory of {id}{namedIn} is missing");
        }

        return new OverlayLayer(id, root.VolumePath(root.Resolve(evidencePath)), evidencePath, engineName);
    }

    private string ReadText(string path) => Encoding.UTF8.GetString(root.ReadAllBytes(path, 1 << 20));
}
