using System.Globalization;
using System.Web;

namespace EksIr.Logs.Insights;

/// <summary>A kubectl exec as the audit log shows it: the command decoded from the request URI's command= parameters.</summary>
public sealed partial record ExecCommand(DateTime? Time, string? User, string Pod, string Command, string Container, bool Tty, string? SourceIp)
{
    /// <summary>The command on one line, faithfully: each line break (and the indentation after it) shown as ⏎.</summary>
    public string CommandOnOneLine => LineBreak().Replace(Command, "⏎");

    [System.Text.RegularExpressions.GeneratedRegex(@"\r?\n[ \t]*")]
    private static partial System.Text.RegularExpressions.Regex LineBreak();
}

public sealed record PodBinding(DateTime? Time, string Pod, string Node);

/// <summary>A node's EC2 instance; the zone is null when the line that says it names none (the tagging controller's).</summary>
public sealed record NodeInstance(DateTime? Time, string Node, string? Zone, string InstanceId);

/// <summary>An IAM identity's logins as one Kubernetes user; the ARN is null when the authenticator did not log it (scrubbed accounts).</summary>
public sealed record ArnLogin(string? Arn, string Username, long Logins, DateTime? First, DateTime? Last);

/// <summary>
/// The control-plane answers an investigation links sources with, one call each, from the klog (scheduler,
/// controllers) and logrus (aws-iam-authenticator) lines and the audit log, through whichever engine holds the logs
/// (local exports or the live log group): pod → node, node → instance id, IAM ARN → Kubernetes user, exec commands.
/// </summary>
public static class ControlPlaneFacts
{
    public static async Task<IReadOnlyList<PodBinding>> PodToNodeAsync(IInsightsQueries logs, string pod, CancellationToken cancellationToken = default)
    {
        var r = await Run(logs, "pod-to-node", new() { ["pod"] = pod }, cancellationToken).ConfigureAwait(false);
        return r.Rows.Select(x => new PodBinding(x[0] as DateTime?, (string)x[1]!, (string)x[2]!)).ToList();
    }

    public static async Task<IReadOnlyList<NodeInstance>> NodeToInstanceAsync(IInsightsQueries logs, string node, CancellationToken cancellationToken = default)
    {
        var r = await Run(logs, "node-to-instance", new() { ["node"] = node }, cancellationToken).ConfigureAwait(false);
        return r.Rows.Select(x => new NodeInstance(x[0] as DateTime?, (string)x[1]!, x[2] as string, (string)x[3]!)).ToList();
    }

    public static async Task<IReadOnlyList<ArnLogin>> ArnToUserAsync(IInsightsQueries logs, CancellationToken cancellationToken = default)
    {
        var r = await Run(logs, "iam-to-user", [], cancellationToken).ConfigureAwait(false);
        return r.Rows.Select(x => new ArnLogin(x[0] as string, (string)x[1]!, Convert.ToInt64(x[2], CultureInfo.InvariantCulture), x[3] as DateTime?, x[4] as DateTime?)).ToList();
    }

    public static async Task<IReadOnlyList<ExecCommand>> ExecCommandsAsync(IInsightsQueries logs, CancellationToken cancellationToken = default)
    {
        var r = await Run(logs, "exec-commands", [], cancellationToken).ConfigureAwait(false);
        return r.Rows.Select(x => Exec(x[0] as DateTime?, x[1] as string, $"{x[2]}/{x[3]}", x[4] as string ?? "", x[5] as string)).ToList();
    }

    /// <summary>
    /// Decodes <c>/api/v1/namespaces/N/pods/P/exec?command=sh&amp;command=-c&amp;command=…&amp;container=C&amp;tty=true</c>
    /// as the API server reads it (apimachinery's query conversion): <c>command</c> is a list; <c>container</c> and
    /// <c>tty</c> are single values, so a repeated one counts by its first value (<c>container=a&amp;container=a</c> is
    /// <c>a</c>), and <c>tty</c> is true unless absent, <c>false</c> or <c>0</c>.
    /// </summary>
    public static ExecCommand Exec(DateTime? time, string? user, string pod, string requestUri, string? sourceIp)
    {
        var query = requestUri.Contains('?', StringComparison.Ordinal) ? HttpUtility.ParseQueryString(requestUri[(requestUri.IndexOf('?', StringComparison.Ordinal) + 1)..]) : [];
        var command = string.Join(" ", (query.GetValues("command") ?? []).Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"'{a}'" : a));
        var container = query.GetValues("container")?.FirstOrDefault() ?? "";
        var tty = query.GetValues("tty")?.FirstOrDefault() is { } t && t != "0" && !t.Equals("false", StringComparison.OrdinalIgnoreCase);
        return new ExecCommand(time, user, pod, command, container, tty, sourceIp);
    }

    private static Task<Sql.QueryResult> Run(IInsightsQueries logs, string template, Dictionary<string, string> values, CancellationToken cancellationToken) =>
        logs.QueryAsync(InsightsTemplates.Fill(InsightsTemplates.Get(template), values), cancellationToken: cancellationToken);
}
