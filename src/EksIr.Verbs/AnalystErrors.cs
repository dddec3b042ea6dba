namespace EksIr.Verbs;

/// <summary>
/// The errors that are the analyst's to act on (a bad option, evidence missing or damaged, a service refusing), shown
/// as one line; anything else is a bug and keeps its stack trace. The one list both front ends catch by.
/// </summary>
public static class AnalystErrors
{
    /// <summary>The project's own (<see cref="Core.IAnalystError"/>), a file the system would not read or write, a kubeconfig that cannot be used.</summary>
    public static bool Are(Exception e) =>
        e is Core.IAnalystError or IOException or UnauthorizedAccessException or k8s.Exceptions.KubeConfigException;
}
