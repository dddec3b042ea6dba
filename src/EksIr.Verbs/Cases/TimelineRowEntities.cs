using EksIr.Core.Cases;
using EksIr.Investigation.Timeline;

namespace EksIr.Verbs.Cases;

/// <summary>
/// The entities a super-timeline row names, as the case holds them: the timeline's pod, node, instance, container, IP,
/// access key and PID are the case's; an IAM ARN or a Kubernetes user is a principal; a finding id is not an entity of
/// the incident (the row is cited by <c>#!finding --rows</c> instead) and is said as not taken. A PID is a process in a
/// container only when its row names the container; otherwise whether it ran on the host is the analyst's to say
/// (<c>--pid</c> or <c>--host-pid</c>), so it is not taken.
/// </summary>
public static class TimelineRowEntities
{
    public static CaseEntityKind? KindOf(EntityRef entity, IncidentEvent row) => entity.Kind switch
    {
        EntityKinds.Process when !row.Entities.Any(e => e.Kind == EntityKinds.Container) => null,
        EntityKinds.Pod => CaseEntityKind.Pod,
        EntityKinds.Node => CaseEntityKind.Node,
        EntityKinds.Instance => CaseEntityKind.Instance,
        EntityKinds.Container => CaseEntityKind.Container,
        EntityKinds.Ip => CaseEntityKind.Ip,
        EntityKinds.AccessKey => CaseEntityKind.AccessKey,
        EntityKinds.IamArn or EntityKinds.KubernetesUser => CaseEntityKind.Principal,
        EntityKinds.Process => CaseEntityKind.Pid,
        _ => null,
    };

    /// <summary>Why an entity of a row is not taken into the case.</summary>
    public static string WhyNot(EntityRef entity) => entity.Kind switch
    {
        EntityKinds.Process => "the row names no container: confirm it with --pid (in a container) or --host-pid (on the node) yourself",
        EntityKinds.Finding => "a finding is cited by #!finding --rows, not held as an entity",
        _ => "not a kind of entity the case holds",
    };

    /// <summary>Where an entity taken from a row came from, as the case and the report say it.</summary>
    public static string Source(IncidentEvent row) => $"super-timeline row {row.Id} ({row.Source} {row.Action} at {row.Time})";
}
