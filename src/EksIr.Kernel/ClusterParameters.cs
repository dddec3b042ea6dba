using EksIr.Core.Cases;
using EksIr.Core.Kubernetes;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel;

/// <summary>The options every cluster magic command takes (snapshot or live), and the cluster they name.</summary>
public static class ClusterParameters
{
    public static void Add(KernelActionDirective directive, string snapshotDescription)
    {
        directive.Parameters.Add(new KernelDirectiveParameter("--snapshot", snapshotDescription));
        directive.Parameters.Add(new KernelDirectiveParameter("--context", "kubeconfig context of the live cluster (default: current)"));
        directive.Parameters.Add(new KernelDirectiveParameter("--kubeconfig", "kubeconfig file (default: KUBECONFIG or ~/.kube/config)"));
    }

    /// <summary>A snapshot folder inside the case evidence, or (no or empty snapshot) the live cluster from kubeconfig.</summary>
    public static IClusterSource Open(CaseSession session, string? snapshot, string? kubeconfig, string? context) =>
        !string.IsNullOrWhiteSpace(snapshot)
            ? new SnapshotCluster(session.Evidence, EksIr.Verbs.CaseEvidence.Relative(session, snapshot), snapshot)
            : LiveCluster.FromKubeconfig(kubeconfig, context);
}
