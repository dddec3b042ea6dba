namespace EksIr.Investigation.Timeline;

/// <summary>The kinds of entity the timeline links, in the analyst's words.</summary>
public static class EntityKinds
{
    public const string AccessKey = "access-key";
    public const string IamArn = "iam-arn";
    public const string KubernetesUser = "k8s-user";
    public const string Pod = "pod";
    public const string Node = "node";
    public const string Instance = "instance";
    public const string Container = "container";
    public const string Process = "pid";
    public const string Ip = "ip";
    public const string Finding = "finding";

    public static readonly IReadOnlyList<string> All = [AccessKey, IamArn, KubernetesUser, Pod, Node, Instance, Container, Process, Ip, Finding];
}
