using k8s.Models;

namespace EksIr.Cloud.Kubernetes;

/// <summary>
/// Which RoleBindings and ClusterRoleBindings grant something to a subject: named directly (User, Group, ServiceAccount)
/// or, for a service account, through the groups every service account is in (<c>system:serviceaccounts</c> and
/// <c>system:serviceaccounts:NAMESPACE</c>). Each as "RoleBinding default/x → ClusterRole edit".
/// </summary>
public static class RbacBindings
{
    public static IReadOnlyList<string> ForServiceAccount(string name, string ns, IEnumerable<V1RoleBinding> roleBindings, IEnumerable<V1ClusterRoleBinding> clusterRoleBindings)
    {
        bool Matches(Rbacv1Subject s) =>
            (s.Kind == "ServiceAccount" && s.Name == name && (s.NamespaceProperty ?? ns) == ns)
            || (s.Kind == "Group" && (s.Name == "system:serviceaccounts" || s.Name == $"system:serviceaccounts:{ns}"))
            || (s.Kind == "User" && s.Name == $"system:serviceaccount:{ns}:{name}");
        return Find(Matches, roleBindings, clusterRoleBindings);
    }

    public static IReadOnlyList<string> ForUser(string user, IReadOnlyCollection<string> groups, IEnumerable<V1RoleBinding> roleBindings, IEnumerable<V1ClusterRoleBinding> clusterRoleBindings) =>
        Find(s => (s.Kind == "User" && s.Name == user) || (s.Kind == "Group" && groups.Contains(s.Name)), roleBindings, clusterRoleBindings);

    private static List<string> Find(Func<Rbacv1Subject, bool> matches, IEnumerable<V1RoleBinding> roleBindings, IEnumerable<V1ClusterRoleBinding> clusterRoleBindings) =>
        roleBindings.Where(b => b.Subjects?.Any(matches) == true)
            .Select(b => $"RoleBinding {b.Metadata?.NamespaceProperty}/{b.Metadata?.Name} → {b.RoleRef?.Kind} {b.RoleRef?.Name}")
            .Concat(clusterRoleBindings.Where(b => b.Subjects?.Any(matches) == true)
                .Select(b => $"ClusterRoleBinding {b.Metadata?.Name} → {b.RoleRef?.Kind} {b.RoleRef?.Name}"))
            .Order(StringComparer.Ordinal)
            .ToList();
}
