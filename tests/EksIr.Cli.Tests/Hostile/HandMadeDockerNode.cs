using System.Text.Json;

namespace EksIr.Cli.Tests.Hostile;

/// <summary>
/// A Docker node folder written by hand, with every file an attacker who owns the node controls: one container
/// "web" (config.v2.json, its layer's mount-id and lower, its json-file log) and its writable layer.
/// </summary>
public static class HandMadeDockerNode
{
    public const string ContainerId = "4f1c0d2b9e8a7c6b5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c";
    private const string Docker = "node/var/lib/docker";

    /// <summary>Writes the node under <paramref name="temp"/>/node and returns that folder.</summary>
    public static string Write(TempDir temp, string mountId = "a1b2c3", string? lower = null, string? jsonLog = null)
    {
        temp.Write($"{Docker}/containers/{ContainerId}/config.v2.json", JsonSerializer.Serialize(new
        {
            ID = ContainerId, Name = "/web", Driver = "overlay2", Image = "sha256:" + new string('e', 64),
            Created = "2026-11-29T06:20:00.000000000Z",
            Config = new { Image = "registry.example/web:1" },
            State = new { Running = false, StartedAt = "2026-11-29T06:20:01.000000000Z", FinishedAt = "2026-11-29T06:30:00.000000000Z" },
        }));
        temp.Write($"{Docker}/image/overlay2/layerdb/mounts/{ContainerId}/mount-id", mountId);
        Directory.CreateDirectory(temp.Combine($"{Docker}/overlay2/l"));
        temp.Write($"{Docker}/overlay2/a1b2c3/diff/inside.txt", "inside\n");
        if (lower is not null)
        {
            temp.Write($"{Docker}/overlay2/a1b2c3/lower", lower);
        }

        if (jsonLog is not null)
        {
            temp.Write($"{Docker}/containers/{ContainerId}/{ContainerId}-json.log", jsonLog);
        }

        return temp.Combine("node");
    }

    /// <summary>The container's writable layer, to plant files in.</summary>
    public static string UpperDir(TempDir temp) => temp.Combine($"{Docker}/overlay2/a1b2c3/diff");
}
