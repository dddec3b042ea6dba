using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace EksIr.Core.Cases;

/// <summary>
/// A kind of entity the case holds once the analyst confirms it (the incident's pod, node, instance, …): its name, the
/// option that confirms it (<c>--pod</c>), what a value looks like, and the check a value must pass (a pod is NS/NAME, an
/// instance i-…, an IP an address, a PID a number) so that a typo is refused rather than carried into the next notebook.
/// </summary>
public sealed partial record CaseEntityKind(string Name, string Shape, string Help)
{
    public static readonly CaseEntityKind Pod = new("pod", "NS/NAME", "the pod (namespace/name)");
    public static readonly CaseEntityKind Node = new("node", "NAME", "the Kubernetes node's name");
    public static readonly CaseEntityKind Instance = new("instance", "ID", "the EC2 instance (i-…)");
    public static readonly CaseEntityKind Container = new("container", "ID", "the container (its id, or a prefix of it)");
    public static readonly CaseEntityKind Image = new("image", "REF", "the container image");
    public static readonly CaseEntityKind Ip = new("ip", "ADDRESS", "an IP address the intruder used");
    public static readonly CaseEntityKind AccessKey = new("access-key", "AKIA…", "an AWS access key id used by the intruder");
    public static readonly CaseEntityKind Principal = new("principal", "ARN|USER", "an IAM ARN or Kubernetes user the intruder acted as");
    public static readonly CaseEntityKind Pid = new("pid", "PID", "a process of the intrusion inside a container (node PID)");
    public static readonly CaseEntityKind HostPid = new("host-pid", "PID", "a process of the intrusion on the node outside any container (node PID): pod isolation does not contain it");

    /// <summary>Every kind, in the order the case lists them.</summary>
    public static IReadOnlyList<CaseEntityKind> All { get; } = [Pod, Node, Instance, Container, Image, Ip, AccessKey, Principal, Pid, HostPid];

    /// <summary>The option that confirms an entity of this kind.</summary>
    public string Option => "--" + Name;

    public static CaseEntityKind? Named(string name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>The value as the case keeps it, or why it is not one of this kind.</summary>
    public (string? Value, string? Problem) Check(string value)
    {
        var v = value.Trim();
        var ok = Name switch
        {
            "pod" => PodShape().IsMatch(v),
            "instance" => InstanceShape().IsMatch(v),
            "ip" => IPAddress.TryParse(v, out _),
            "access-key" => AccessKeyShape().IsMatch(v),
            "pid" or "host-pid" => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0,
            _ => v.Length > 0 && !v.Any(char.IsControl),
        };
        return ok ? (v, null) : (null, $"{Option} {value}: not {Article} {Name} ({Shape}: {Help})");
    }

    private string Article => Name[0] is 'a' or 'i' or 'e' or 'o' or 'u' ? "an" : "a";

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?/[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")]
    private static partial Regex PodShape();

    [GeneratedRegex(@"^i-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex InstanceShape();

    [GeneratedRegex(@"^(AKIA|ASIA)[A-Z0-9]{16}$")]
    private static partial Regex AccessKeyShape();
}
