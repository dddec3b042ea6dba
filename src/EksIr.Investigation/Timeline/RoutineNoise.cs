namespace EksIr.Investigation.Timeline;

/// <summary>
/// Rows of the super-timeline that are the cluster keeping itself alive, hidden unless asked for: Kubernetes audit events
/// of leases (coordination.k8s.io, the heartbeats of kubelets, kube-controller-manager's and kube-scheduler's leader
/// election) read or renewed (get, update, patch) by the control plane's and nodes' own users (system:…). On an idle
/// cluster they are most of the audit log; a lease read or written by anyone else, or created or deleted, stays shown.
/// </summary>
public static class RoutineNoise
{
    private static readonly string[] Actions = ["get leases", "update leases", "patch leases"];

    /// <summary>What the rows hidden are, for the note that counts them.</summary>
    public const string Described = "routine lease gets and updates by system: users";

    public static bool Is(IncidentEvent e) =>
        e.Source == TimelineSources.Audit
        && Actions.Contains(e.Action, StringComparer.Ordinal)
        && e.Entities.Where(x => x.Kind == EntityKinds.KubernetesUser).ToList() is { Count: > 0 } users
        && users.All(u => u.Value.StartsWith("system:", StringComparison.Ordinal));
}
