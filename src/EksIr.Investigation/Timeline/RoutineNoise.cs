namespace EksIr.Investigation.Timeline;

/// <summary>
/// Rows of the super-timeline that are the cluster keeping itself alive, hidden unless asked for: Kubernetes audit events
/// of leases (coordination.k8s.io, the heartbeats of kubelets, kube-controller-manager's and kube-scheduler's leader
/// election) read or renewed (get, update, patch) by the control plane's and nodes' own users (system:…), and a kubelet's
/// status reports (patch nodes/status by system:node:NAME of its own node NAME). On an idle cluster they are most of the
/// audit log; a lease read or written by anyone else, or created or deleted, and a node's status patched by any other user
/// (another node's credentials, a person) stay shown.
/// </summary>
public static class RoutineNoise
{
    private static readonly string[] LeaseActions = ["get leases", "update leases", "patch leases"];

    private const string NodeStatus = "patch nodes/status";

    private const string NodeUser = "system:node:";

    /// <summary>What the rows hidden are, for the note that counts them.</summary>
    public const string Described = "routine lease gets and updates by system: users and node status reports by their own kubelet";

    public static bool Is(IncidentEvent e)
    {
        if (e.Source != TimelineSources.Audit)
        {
            return false;
        }

        var users = e.Entities.Where(x => x.Kind == EntityKinds.KubernetesUser).Select(x => x.Value).ToList();
        if (LeaseActions.Contains(e.Action, StringComparer.Ordinal))
        {
            return users.Count > 0 && users.All(u => u.StartsWith("system:", StringComparison.Ordinal));
        }

        return e.Action == NodeStatus
            && users is [var user] && user.StartsWith(NodeUser, StringComparison.Ordinal)
            && e.Entities.Where(x => x.Kind == EntityKinds.Node).Select(x => x.Value).ToList() is [var node]
            && node == user[NodeUser.Length..];
    }
}
