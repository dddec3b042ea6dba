using EksIr.Core.Cases;
using EksIr.Core.Evidence;

namespace EksIr.Verbs;

/// <summary>
/// The errors that are the analyst's to act on (a bad option, evidence missing or damaged, a service refusing), shown
/// as one line; anything else is a bug and keeps its stack trace. The one list both front ends catch by.
/// </summary>
public static class AnalystErrors
{
    public static bool Are(Exception e) =>
        e is VerbUsageException or CaseException or EvidenceAccessException or IOException or UnauthorizedAccessException
            or Core.Kubernetes.ClusterException or k8s.Exceptions.KubeConfigException or Core.Aws.AwsActionException
            or Investigation.InvestigationException or Logs.Sql.SqlQueryException or Logs.Insights.InsightsSyntaxException;
}
