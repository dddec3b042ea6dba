namespace EksIr.Cloud.Aws;

/// <summary>
/// The device names EC2 recommends for attaching EBS volumes to a Linux instance, /dev/sdf to /dev/sdp, less those in
/// use: a name is in use whether the instance's block device mapping says /dev/sdX, /dev/xvdX or a partition of it.
/// </summary>
public static class DeviceNames
{
    public static IReadOnlyList<string> Recommended { get; } = [.. "fghijklmnop".Select(c => $"/dev/sd{c}")];

    /// <summary>The first recommended name none of <paramref name="inUse"/> takes, or null when all are taken.</summary>
    public static string? Free(IEnumerable<string> inUse)
    {
        var letters = inUse.Select(Letter).OfType<char>().ToHashSet();
        return Recommended.FirstOrDefault(name => !letters.Contains(name[^1]));
    }

    /// <summary>The drive letter of /dev/sdf, /dev/xvdf, sdf1 or xvdf1; null for other names (/dev/nvme1n1).</summary>
    private static char? Letter(string device)
    {
        var name = device.StartsWith("/dev/", StringComparison.Ordinal) ? device[5..] : device;
        var rest = name.StartsWith("xvd", StringComparison.Ordinal) ? name[3..] : name.StartsWith("sd", StringComparison.Ordinal) ? name[2..] : "";
        return rest.Length > 0 && char.IsAsciiLetterLower(rest[0]) && rest[1..].All(char.IsAsciiDigit) ? rest[0] : null;
    }
}
