using System.Text.RegularExpressions;
using EksIr.Memory;

namespace EksIr.Investigation.Timeline;

/// <summary>The entities a free-text field names: IPv4 addresses, AWS access key ids (AKIA/ASIA) and EC2 instance ids.</summary>
public static partial class EntityText
{
    [GeneratedRegex(@"(?<![A-Za-z0-9-])i-(?:[0-9a-f]{17}|[0-9a-f]{8})(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceId();

    public static IEnumerable<EntityRef> Find(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        foreach (Match m in IocPatterns.Ipv4().Matches(text))
        {
            if (IsAddress(m.Value))
            {
                yield return new EntityRef(EntityKinds.Ip, m.Value);
            }
        }

        foreach (Match m in IocPatterns.AwsAccessKeyId().Matches(text))
        {
            if (m.Value.StartsWith("AKIA", StringComparison.Ordinal) || m.Value.StartsWith("ASIA", StringComparison.Ordinal))
            {
                yield return new EntityRef(EntityKinds.AccessKey, m.Value);
            }
        }

        foreach (Match m in InstanceId().Matches(text))
        {
            yield return new EntityRef(EntityKinds.Instance, m.Value);
        }
    }

    /// <summary>An address worth linking on: not unspecified, loopback or link-local (every node's 169.254.169.254 is not a link).</summary>
    public static bool IsAddress(string ip) =>
        System.Net.IPAddress.TryParse(ip, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
        && !ip.StartsWith("0.", StringComparison.Ordinal) && !ip.StartsWith("127.", StringComparison.Ordinal) && !ip.StartsWith("169.254.", StringComparison.Ordinal);

    /// <summary>The entity list of a row: in the order given, each once, empty values dropped.</summary>
    public static IReadOnlyList<EntityRef> Distinct(IEnumerable<EntityRef?> entities) =>
        entities.OfType<EntityRef>().Where(e => !string.IsNullOrWhiteSpace(e.Value)).Distinct().ToList();
}
