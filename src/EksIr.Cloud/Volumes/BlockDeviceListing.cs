using System.Globalization;
using System.Text.Json;
using EksIr.Cloud.Aws;
using EksIr.Cloud.Identification;

namespace EksIr.Cloud.Volumes;

/// <summary>
/// The block devices of a host: <c>lsblk -J</c>'s tree, and the filesystem types <c>blkid -o export</c> probed. lsblk
/// takes FSTYPE from udev's database, which says nothing of a device udev has not probed (a volume attached a moment
/// ago, a host without udev); blkid reads the device's superblock, so its TYPE stands in where lsblk's is null.
/// </summary>
public sealed class BlockDeviceListing(IReadOnlyList<BlockDevice> devices, IReadOnlyDictionary<string, string> probedTypes)
{
    public IReadOnlyList<BlockDevice> Devices => devices;

    /// <summary>blkid's TYPE by device path (<c>DEVNAME</c>).</summary>
    public IReadOnlyDictionary<string, string> ProbedTypes => probedTypes;

    /// <summary>The device's filesystem type: udev's as lsblk gives it, else blkid's, else null.</summary>
    public string? FsType(BlockDevice device) => device.FsType ?? probedTypes.GetValueOrDefault(device.Path);

    /// <summary>Reads lsblk's JSON (util-linux 2.27 and later; values typed from 2.37, strings before) and blkid's export
    /// format (<c>KEY=value</c> lines, a blank line between devices). <paramref name="where"/> names the host in errors.</summary>
    public static BlockDeviceListing Parse(string lsblkJson, string? blkidExport, string where)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(lsblkJson);
        }
        catch (JsonException e)
        {
            throw new AwsActionException($"{where}: lsblk -J printed no JSON ({e.Message}): {Head(lsblkJson)}");
        }

        using (doc)
        {
            if (Json.Get(doc.RootElement, "blockdevices") is not { ValueKind: JsonValueKind.Array } list)
            {
                throw new AwsActionException($"{where}: lsblk -J printed no blockdevices list: {Head(lsblkJson)}");
            }

            return new BlockDeviceListing(list.EnumerateArray().Select(Device).ToList(), Probed(blkidExport ?? ""));
        }
    }

    private static BlockDevice Device(JsonElement e)
    {
        var name = Json.Text(e, "name") ?? "";
        var path = Json.Text(e, "path") ?? (name.StartsWith('/') ? name : "/dev/" + name);
        return new BlockDevice(
            name.StartsWith("/dev/", StringComparison.Ordinal) ? name[5..] : name,
            path,
            Blank(Json.Text(e, "serial")),
            Json.Text(e, "type") ?? "",
            Blank(Json.Text(e, "fstype")),
            Blank(Json.Text(e, "mountpoint")),
            Json.Get(e, "size") switch
            {
                { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var bytes) => bytes,
                { ValueKind: JsonValueKind.String } s when long.TryParse(s.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) => bytes,
                _ => null,
            },
            Json.Array(e, "children").Select(Device).ToList());
    }

    private static Dictionary<string, string> Probed(string export)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var block in export.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = block.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).Where(p => p.Length == 2)
                .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);
            if (fields.TryGetValue("DEVNAME", out var device) && fields.TryGetValue("TYPE", out var type))
            {
                types[device] = type;
            }
        }

        return types;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string Head(string text) => text.Length > 300 ? text[..300] + "…" : text.Trim();
}
