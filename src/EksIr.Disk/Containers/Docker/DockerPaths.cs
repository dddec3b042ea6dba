namespace EksIr.Disk.Containers.Docker;

/// <summary>
/// Where Docker keeps its state under a node root (overlay2 storage driver):
/// <c>containers/&lt;id&gt;/{config.v2.json, hostconfig.json, &lt;id&gt;-json.log}</c>,
/// <c>image/overlay2/{repositories.json, imagedb/content/sha256/&lt;id&gt;, layerdb/mounts/&lt;container&gt;/mount-id}</c>,
/// <c>overlay2/&lt;cache-id&gt;/{diff, lower, link}</c> with <c>overlay2/l/&lt;short&gt;</c> links to <c>../&lt;id&gt;/diff</c>.
/// </summary>
public static class DockerPaths
{
    public const string Root = "var/lib/docker";
    public const string Containers = Root + "/containers";
    public const string ImageRoot = Root + "/image/overlay2";
    public const string Repositories = ImageRoot + "/repositories.json";
    public const string ImageConfigs = ImageRoot + "/imagedb/content/sha256";
    public const string ImageMetadata = ImageRoot + "/imagedb/metadata/sha256";
    public const string Mounts = ImageRoot + "/layerdb/mounts";
    public const string Overlay2 = Root + "/overlay2";

    /// <summary>Docker before 1.10: images in <c>graph/&lt;id&gt;/json</c>, tags in <c>repositories-&lt;driver&gt;</c>, containers' <c>config.json</c> (not read beyond the containers).</summary>
    public const string LegacyGraph = Root + "/graph";

    /// <summary>Docker's other storage drivers, each with its own <c>image/&lt;driver&gt;</c> store and layer folder (not read).</summary>
    public static readonly IReadOnlyList<string> OtherDrivers = ["overlay", "aufs", "btrfs", "zfs", "devicemapper", "vfs", "fuse-overlayfs"];

    public static string Container(string id, string file) => $"{Containers}/{id}/{file}";
}
