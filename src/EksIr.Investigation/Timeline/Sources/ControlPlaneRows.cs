using System.Text.Json;
using EksIr.Core.Reporting;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Core.Time;
using EksIr.Logs.Insights;

namespace EksIr.Investigation.Timeline.Sources;

/// <summary>
/// The EKS control-plane log group as timeline rows, through whichever engine holds it (exports or the live group):
/// audit events (source k8s-audit, one row per auditID whatever its stages) and the authenticator's, scheduler's and
/// controllers' lines (source control-plane).
/// </summary>
public static partial class ControlPlaneRows
{
    /// <summary>Logs Insights answers at most this many rows; more in the window is said, with how to narrow it.</summary>
    public const int MaxEvents = 10_000;

    /// <summary>
    /// How much later than its own time an event may be stamped in the log group: an audit event is logged when its
    /// request completes (a long exec, later still), so the query's end reaches this much further and rows are then
    /// kept by their own time.
    /// </summary>
    public static readonly TimeSpan LoggedLate = TimeSpan.FromMinutes(15);

    public static async Task<(IReadOnlyList<IncidentEvent> Rows, IReadOnlyList<EvidenceProblem> Problems)> ReadAsync(IInsightsQueries logs, string where,
        TimeWindow window, CancellationToken cancellationToken = default)
    {
        var result = await logs.QueryAsync($"fields @timestamp, @logStream, @message | sort @timestamp asc | limit {MaxEvents}",
            window.Start?.ToDateTimeOffset(), window.End?.ToDateTimeOffset() + LoggedLate, cancellationToken: cancellationToken).ConfigureAwait(false);
        var problems = new List<EvidenceProblem>(result.Scan.Skipped);
        if (result.Rows.Count >= MaxEvents)
        {
            problems.Add(new EvidenceProblem(where, "", $"the window holds more than {MaxEvents:N0} control-plane events; the first {MaxEvents:N0} are in the timeline — narrow --start/--end"));
        }

        var rows = new List<IncidentEvent>();
        var audits = new Dictionary<string, (int Place, bool Received)>(StringComparer.Ordinal); // audit rows by id: place in rows, from RequestReceived
        var timeless = 0;
        foreach (var r in result.Rows)
        {
            var (stream, message) = (r[1] as string ?? "", r[2] as string ?? "");
            var at = r[0] is DateTime d ? PreciseTime.FromDateTimeOffset(new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc))) : (PreciseTime?)null;
            if (stream.StartsWith("kube-apiserver-audit", StringComparison.Ordinal) || IsAuditEvent(message))
            {
                var (audit, stage, parsed) = AuditRow(message, stream, where, problems);
                timeless += parsed && audit is null ? 1 : 0;
                if (audit is null || !window.Contains(audit.Time))
                {
                    continue;
                }

                // One row per request: its RequestReceived event (no outcome yet) gives way to a later stage's. Any other
                // repeat of the id is kept, for the timeline to count as a duplicate (the same export given twice).
                var isReceived = stage == "RequestReceived";
                if (audits.TryGetValue(audit.Id, out var earlier) && earlier.Received && !isReceived)
                {
                    rows[earlier.Place] = audit;
                    audits[audit.Id] = (earlier.Place, false);
                    continue;
                }

                audits.TryAdd(audit.Id, (rows.Count, isReceived));
                rows.Add(audit);
                continue;
            }

            if ((at is { } time ? LineRow(time, stream, message, where) : null) is { } row && window.Contains(row.Time))
            {
                rows.Add(row);
            }
        }

        if (timeless > 0)
        {
            problems.Add(new EvidenceProblem(where, "", $"{Counted.Of(timeless, "audit event")} with no time of their own (requestReceivedTimestamp, stageTimestamp or timestamp), left out of the timeline"));
        }

        return (rows, problems);
    }

    /// <summary>
    /// An audit event in a stream not named for audit (kube-apiserver's own audit.log, whose stream is the file's
    /// name): a JSON object with "kind": "Event" and an auditID, told by its text before it is parsed.
    /// </summary>
    private static bool IsAuditEvent(string message) =>
        message.StartsWith('{') && message.Contains("\"auditID\"", StringComparison.Ordinal) && AuditKind().IsMatch(message);

    [System.Text.RegularExpressions.GeneratedRegex("\"kind\"\\s*:\\s*\"Event\"")]
    private static partial System.Text.RegularExpressions.Regex AuditKind();

    /// <summary>The event's row (null when it has no time), its stage, and whether it was JSON (a failure is said here).</summary>
    private static (IncidentEvent? Row, string? Stage, bool Parsed) AuditRow(string message, string stream, string where, List<EvidenceProblem> problems)
    {
        try
        {
            using var doc = EvidenceJson.Parse(System.Text.Encoding.UTF8.GetBytes(message), where, problems, where: $"{stream} message");
            return (AuditEventRow.From(doc.RootElement, new EvidenceRef(where, stream)), EksIr.Cloud.Identification.Json.Text(doc.RootElement, "stage"), true);
        }
        catch (JsonException e)
        {
            problems.Add(new EvidenceProblem(where, stream, "an audit event that is not JSON, left out of the timeline: " + e.Message.Split(" LineNumber")[0]));
            return (null, null, false);
        }
    }

    private static IncidentEvent LineRow(PreciseTime time, string stream, string message, string where)
    {
        var fields = KeyValues.Parse(message);
        var component = stream.Contains('-', StringComparison.Ordinal) ? stream[..stream.LastIndexOf('-')] : stream;
        var entities = new List<EntityRef?>();
        if (fields.TryGetValue("arn", out var arn))
        {
            entities.Add(new EntityRef(EntityKinds.IamArn, arn));
        }

        if (fields.TryGetValue("accesskeyid", out var key))
        {
            entities.Add(new EntityRef(EntityKinds.AccessKey, key));
        }

        if (fields.TryGetValue("username", out var user))
        {
            entities.Add(new EntityRef(EntityKinds.KubernetesUser, user));
        }

        if (fields.TryGetValue("pod", out var pod))
        {
            entities.Add(new EntityRef(EntityKinds.Pod, pod));
        }

        if (fields.TryGetValue("node", out var node))
        {
            entities.Add(new EntityRef(EntityKinds.Node, node));
        }

        // cloud-provider-aws's tagging controller: "Instance ID of work item [Node: <node>, …] is <instance>" (no key=value).
        if (TaggedInstance().Match(message) is { Success: true } tagged)
        {
            entities.Add(new EntityRef(EntityKinds.Node, tagged.Groups["node"].Value));
            entities.Add(new EntityRef(EntityKinds.Instance, tagged.Groups["instance"].Value));
        }

        entities.AddRange(EntityText.Find(message));
        var text = fields.TryGetValue("msg", out var msg) ? msg + (user is null ? "" : $": {user}" + (arn is null ? "" : $" ({arn})")) : KeyValues.KlogMessage(message);
        var action = component switch
        {
            "authenticator" => "authenticate",
            _ when message.Contains("bound pod to node", StringComparison.Ordinal) => "pod bound",
            _ when message.Contains("providerID", StringComparison.Ordinal) || message.Contains("Instance ID of work item", StringComparison.Ordinal) => "node instance",
            _ => component,
        };
        return new IncidentEvent(time, TimelineSources.ControlPlane, action, $"{component}: {text}", EntityText.Distinct(entities),
            new EvidenceRef(where, $"{stream} @ {time}"), $"control-plane:{stream}:{time}:{Hash(message)}");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Instance ID of work item \[Node: (?<node>[^,\]\s]+)[^\]]*\] is (?<instance>i-[0-9a-f]+)")]
    private static partial System.Text.RegularExpressions.Regex TaggedInstance();

    internal static string Hash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
}
