namespace EksIr.Verbs;

/// <summary>
/// What each group of verbs of several words is for (<c>k8s</c> for <c>k8s node</c> and <c>k8s pod</c>): the
/// description of a cell's <c>#!k8s</c>, whose subcommands are the group's verbs.
/// </summary>
public static class VerbGroups
{
    private static readonly Dictionary<string, string> Summaries = new(StringComparer.Ordinal)
    {
        ["k8s"] = "Ask the cluster (live from kubeconfig, or a kubectl -o json snapshot) about a node or a pod",
        ["contain"] = "Contain a pod, a node or an EC2 instance (a plan: dry run unless --execute)",
        ["acquire"] = "Acquire evidence from the live cluster or the EC2 instance (a plan: dry run unless --execute)",
        ["case"] = "Open, check or write up the case: its evidence, journal, confirmed entities and report",
    };

    /// <summary>The group's description; a group without one is a mistake in the declarations.</summary>
    public static string Summary(string group) =>
        Summaries.TryGetValue(group, out var summary) ? summary : throw new InvalidOperationException($"verb group {group} has no description in VerbGroups");
}
