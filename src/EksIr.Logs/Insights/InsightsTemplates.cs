using System.Text;
using EksIr.Core.Reporting;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Insights;

/// <summary>
/// One named query of the playbook: what it answers, the parameters it takes, its Logs Insights text, and what is
/// added to its rows after the query (a column the query language cannot compute, the same live and local).
/// </summary>
public sealed record InsightsTemplate(string Name, string Question, IReadOnlyList<string> Parameters, string Text, Func<QueryResult, QueryResult>? Then = null);

/// <summary>
/// The playbook's audit and control-plane queries by name (top events, Create*/Delete*, everything done to a pod or
/// a node or asked from an address, who created it, node launch, scheduling, pod → node, node → instance, kubectl exec, IAM ARN → user).
/// Parameters are filled in as Logs Insights string literals with their quotes and backslashes escaped, never
/// spliced raw: a pod name with a quote in it stays a value.
/// </summary>
public static class InsightsTemplates
{
    /// <summary>
    /// An audit event, known by what it is ("kind": "Event" with an auditID), not by the log stream it came in: the
    /// same on the EKS log group, its S3 export, and kube-apiserver's own audit.log as JSON lines. A request is logged
    /// at each stage under one auditID; its RequestReceived event (written before the request is handled, without a
    /// response code) is left out, so a request is counted once, by the event that holds its outcome, when the audit
    /// policy does not omit that stage (kube-apiserver's default policy does not; audit2rbac's sample log has both).
    /// A long-running request (exec, attach, watch, logs) is logged twice more: ResponseStarted when its answer begins
    /// (exec's 101) and ResponseComplete when it ends; one still running when the log ends has only the first. So the
    /// templates that list events keep each auditID once, its first answered event (<see cref="OncePerRequest"/>), and
    /// those that count, count distinct auditIDs.
    /// </summary>
    private const string Audit = "kind = \"Event\" and ispresent(auditID) and (not ispresent(stage) or stage != \"RequestReceived\")";

    /// <summary>
    /// The end of a template that lists audit events: in time order, each request once, at its first answered stage
    /// (a long-running request's start, which is when an exec session opened). dedup may be followed only by limit.
    /// </summary>
    private const string OncePerRequest = "\n| sort @timestamp asc\n| dedup auditID";

    /// <summary>
    /// The control plane's own identities, left out of "what people created or deleted": kube-system's service accounts
    /// (the controllers), kubelets (system:node:…), system:kube-scheduler / -controller-manager / -proxy,
    /// system:apiserver, and EKS's managed components (eks:…). Everyone else is kept, service accounts of other
    /// namespaces (a stolen token), system:anonymous and a cluster admin such as system:admin included.
    /// </summary>
    private const string ControlPlane = "/^(system:(serviceaccount:kube-system:|node:|kube-|apiserver$)|eks:)/";

    /// <summary>
    /// kube-scheduler's line for a pod bound to a node, in both forms it has had (pkg/scheduler): structured since
    /// Kubernetes 1.19 (kubernetes/kubernetes PR #91679), <c>"Successfully bound pod to node" pod="ns/name" node="n"
    /// evaluatedNodes=3 feasibleNodes=2</c> (klog quotes every string value; the pod is klog.KObj, "ns/name"); and before it
    /// <c>pod ns/name is bound successfully on node "n", 3 nodes evaluated, 2 nodes were found feasible.</c> (the node
    /// unquoted, <c>%v</c>, in 1.14–1.15; 1.16 added ". Bound node resource: …"). The JSON output of
    /// --logging-format=json (the pod as {"name","namespace"}) is not read; EKS writes the text form.
    /// </summary>
    private const string SchedulerBinding = "pod[= ]\"?(?<pod>[^\" ]+)\"?( is bound successfully on)? node[= ]\"?(?<node>[^\",]+)";

    /// <summary>
    /// A node's EC2 instance as the control plane logs it. The line that says it is cloud-provider-aws's tagging controller
    /// (EKS's cloud-controller-manager stream), when it takes a node in: <c>Instance ID of work item [Node: n, Action: ADD]
    /// is i-…</c> (since January 2025; from May 2022 the item read <c>[Node: n, RequeuingCount: 0, EnqueueTime: …]</c>) —
    /// it names no zone. The <c>node="n" providerID="aws:///zone/i-…"</c> form is read too: this project's training data
    /// uses it, though no Kubernetes or cloud-provider-aws source is known to write it (their node controllers log
    /// "Initializing node n with cloud provider", without the instance).
    /// </summary>
    private const string NodeInstanceLine = "(node=\"|Instance ID of work item \\[Node: )(?<node>[^\",\\]]+)(\" providerID=\"aws:\\/\\/\\/(?<zone>[^\\/\"]+)\\/|[^\\]]*\\] is )(?<instance>i-[0-9a-f]+)";

    /// <summary>
    /// aws-iam-authenticator's "access granted" line (pkg/server/server.go, logrus): in logrus's text form, the default
    /// and what EKS writes — <c>arn="…"</c> always quoted (it holds ':'), <c>username=</c> quoted only when it holds a
    /// character other than letters, digits and <c>-._/@^+</c> (<c>username="eks:addon-manager"</c>, <c>username=admin</c>) —
    /// and in its JSON form (--log-format=json: <c>{"arn":"…",…,"username":"…"}</c>, keys sorted). The arn is left out
    /// for an account listed in the authenticator's server.scrubbedAccounts (isLoggableIdentity): such a login keeps its
    /// username and has no ARN (<see cref="SayUnloggedArns"/>).
    /// </summary>
    private const string AuthenticatorLogin = "(arn\"?[=:]\"(?<arn>[^\"]+)\".*)?username\"?[=:]\"?(?<username>[^\" ]+)\"?";

    public static readonly IReadOnlyList<InsightsTemplate> All =
    [
        new("top-events", "Which API calls are most frequent (verb and resource)?", [],
            $"filter {Audit}\n| stats count_distinct(auditID) as requests by verb, objectRef.resource\n| sort requests desc\n| limit 25"),
        new("create-delete", "What was created or deleted, by whom?", [],
            $"filter {Audit} and verb in [\"create\", \"delete\"] and user.username not like {ControlPlane}\n" +
            "| fields @timestamp, user.username, verb, objectRef.resource, objectRef.namespace, objectRef.name, objectRef.subresource, responseStatus.code, impersonatedUser.username" + OncePerRequest),
        new("pod-actions", "Everything done to a pod, in order", ["pod", "namespace"],
            $"filter {Audit} and objectRef.resource = \"pods\" and objectRef.namespace = {{namespace}} and objectRef.name = {{pod}}\n" +
            "| fields @timestamp, user.username, verb, objectRef.subresource, responseStatus.code, sourceIPs.0, userAgent, impersonatedUser.username" + OncePerRequest),
        new("node-actions", "Everything done to a node, in order", ["node"],
            $"filter {Audit} and objectRef.resource = \"nodes\" and objectRef.name = {{node}}\n" +
            "| fields @timestamp, user.username, verb, objectRef.subresource, responseStatus.code, sourceIPs.0" + OncePerRequest),
        new("ip-actions", "Everything asked of the API server from one address, in order", ["ip"],
            $"filter {Audit} and sourceIPs.0 = {{ip}}\n" +
            "| fields @timestamp, user.username, verb, objectRef.resource, objectRef.namespace, objectRef.name, objectRef.subresource, responseStatus.code, userAgent, impersonatedUser.username" + OncePerRequest),
        // A pod a controller makes (generateName) has no objectRef.name in its create event: its name is in the
        // response object (audit level RequestResponse).
        new("who-created-pod", "Who created the pod, from where, with which credentials?", ["pod", "namespace"],
            $"filter {Audit} and verb = \"create\" and objectRef.resource = \"pods\" and objectRef.namespace = {{namespace}} and not ispresent(objectRef.subresource)" +
            " and (objectRef.name = {pod} or responseObject.metadata.name = {pod})\n" +
            "| fields @timestamp, user.username, user.extra.arn.0, user.extra.accessKeyId.0, sourceIPs.0, userAgent, responseStatus.code, requestObject.metadata.generateName, impersonatedUser.username" + OncePerRequest),
        new("who-created-node", "Who registered the node (its kubelet, with which role)?", ["node"],
            $"filter {Audit} and verb = \"create\" and objectRef.resource = \"nodes\" and objectRef.name = {{node}}\n" +
            "| fields @timestamp, user.username, user.extra.arn.0, sourceIPs.0, userAgent, responseStatus.code" + OncePerRequest),
        new("node-launch", "When the node joined: cloud-controller-manager and kube-controller-manager lines", ["node"],
            "filter @logStream like /^(cloud-controller-manager|kube-controller-manager)/ and @message like {node}\n| fields @timestamp, @logStream, @message\n| sort @timestamp asc"),
        new("pod-scheduling", "What kube-scheduler said about the pod", ["pod", "namespace"],
            "filter @logStream like /^kube-scheduler/ and @message like {namespacedPodPattern}\n| fields @timestamp, @message\n| sort @timestamp asc"),
        new("pod-to-node", "Which node was the pod bound to?", ["pod", "namespace"],
            $"filter @logStream like /^kube-scheduler/ and (@message like \"Successfully bound pod to node\" or @message like \"is bound successfully on node\")\n" +
            $"| parse @message /{SchedulerBinding}/\n| filter pod = {{namespacedPod}}\n| display @timestamp, pod, node"),
        new("node-to-instance", "Which EC2 instance is the node? (cloud-controller-manager's tagging controller)", ["node"],
            "filter @message like /providerID|Instance ID of work item/\n" +
            $"| parse @message /{NodeInstanceLine}/\n" +
            "| filter node = {node}\n| display @timestamp, node, zone, instance"),
        new("exec-commands", "Which kubectl exec commands were run, by whom, into which pod?", [],
            $"filter {Audit} and objectRef.subresource = \"exec\" and verb = \"create\"\n" +
            "| fields @timestamp, user.username, objectRef.namespace, objectRef.name, requestURI, sourceIPs.0, responseStatus.code" + OncePerRequest,
            ExecCommandColumns.Add),
        new("iam-to-user", "Which Kubernetes user did each IAM ARN authenticate as (aws-iam-authenticator)?", [],
            "filter @logStream like /^authenticator/ and @message like \"access granted\"\n" +
            $"| parse @message /{AuthenticatorLogin}/\n" +
            "| stats count(*) as logins, earliest(@timestamp) as first, latest(@timestamp) as last by arn, username\n| sort first asc",
            SayUnloggedArns),
    ];

    /// <summary>
    /// Says how many logins have no ARN in the authenticator's line: aws-iam-authenticator (pkg/server/server.go) logs the
    /// ARN only for accounts not listed in server.scrubbedAccounts, so the row names the Kubernetes user but not who it was in IAM.
    /// </summary>
    private static QueryResult SayUnloggedArns(QueryResult result)
    {
        var arn = result.Columns.Select(c => c.Name).ToList().IndexOf("arn");
        var unlogged = arn < 0 ? 0 : result.Rows.Count(r => r[arn] is null or "");
        return unlogged == 0 ? result : WithNote(result, $"{Counted.Of(unlogged, "row")} without an ARN: aws-iam-authenticator leaves the ARN out of its \"access granted\" line " +
                                                         "for accounts listed in its server.scrubbedAccounts; the username is what the role or user was mapped to");
    }

    /// <summary>Runs a template with its parameters on an engine (local or live) and adds what it adds to the rows.</summary>
    public static async Task<QueryResult> QueryAsync(IInsightsQueries engine, string name, IReadOnlyDictionary<string, string> values,
        DateTimeOffset? start = null, DateTimeOffset? end = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var template = Get(name);
        var result = await engine.QueryAsync(Fill(template, values), start, end, progress, cancellationToken).ConfigureAwait(false);
        if (template.Text.Contains(Audit, StringComparison.Ordinal) && engine is InsightsLocal
            && await ReceivedOnlyAsync(engine, start, end, cancellationToken).ConfigureAwait(false) is > 0 and var received)
        {
            result = WithNote(result, $"{Counted.Of(received, "request")} logged only at RequestReceived (no outcome: the API server may have stopped before answering) are not in these rows; " +
                                      "query stage = \"RequestReceived\" to see them");
        }

        if (template.Text.Contains("count_distinct(", StringComparison.Ordinal) && engine is not InsightsLocal)
        {
            result = WithNote(result, "CloudWatch's count_distinct is an approximation when a field has very many values (AWS's stats documentation): " +
                                      "these request counts may be off by a little; the local engine, on the exported logs, counts exactly");
        }

        return template.Then is { } then ? then(result) : result;
    }

    private static QueryResult WithNote(QueryResult result, string note) =>
        result with { Scan = result.Scan with { Pruning = result.Scan.Pruning is { } said ? $"{said}; {note}" : note } };

    /// <summary>
    /// How many requests the audit templates leave out because their only event is RequestReceived (the rule that counts
    /// each request once by its outcome would otherwise drop them unsaid). Asked of the local engine only: live, it would
    /// be a second query billed.
    /// </summary>
    private static async Task<long> ReceivedOnlyAsync(IInsightsQueries engine, DateTimeOffset? start, DateTimeOffset? end, CancellationToken cancellationToken)
    {
        const string query = "filter kind = \"Event\" and ispresent(auditID) and ispresent(stage)\n" +
                             "| stats count(*) as events, earliest(stage) as first by auditID\n" +
                             "| filter events = 1 and first = \"RequestReceived\"\n| stats count(*) as requests";
        var counted = await engine.QueryAsync(query, start, end, null, cancellationToken).ConfigureAwait(false);
        return counted.Rows.Count == 1 && counted.Rows[0][0] is { } n ? Convert.ToInt64(n, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    public static InsightsTemplate Get(string name) =>
        All.FirstOrDefault(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"no query template '{name}'; the templates are {string.Join(", ", All.Select(t => t.Name))}");

    /// <summary>The template's text with its parameters filled in as escaped string literals. A pod given as
    /// <c>namespace/name</c> sets both; the namespace defaults to <c>default</c>.</summary>
    public static string Fill(InsightsTemplate template, IReadOnlyDictionary<string, string> values)
    {
        var v = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase);
        if (v.TryGetValue("pod", out var pod) && pod.Contains('/', StringComparison.Ordinal))
        {
            v["namespace"] = pod[..pod.IndexOf('/', StringComparison.Ordinal)];
            v["pod"] = pod[(pod.IndexOf('/', StringComparison.Ordinal) + 1)..];
        }

        v.TryAdd("namespace", "default");
        if (v.TryGetValue("pod", out var name))
        {
            v["namespacedPod"] = $"{v["namespace"]}/{name}";
        }

        if (template.Parameters.FirstOrDefault(p => !v.ContainsKey(p)) is { } missing)
        {
            throw new ArgumentException($"the template '{template.Name}' needs --param {missing}={(missing == "pod" ? "NS/NAME" : missing.ToUpperInvariant())} " +
                $"(its parameters: {string.Join(", ", template.Parameters)})");
        }

        var text = template.Text;
        foreach (var (key, value) in v)
        {
            text = text.Replace("{" + key + "}", Literal(value), StringComparison.OrdinalIgnoreCase);
        }

        return v.TryGetValue("namespacedPod", out var namespaced)
            ? text.Replace("{namespacedPodPattern}", $"/(^|{NotInName}){RegexText(namespaced)}({NotInName}|$)/", StringComparison.Ordinal)
            : text;
    }

    /// <summary>
    /// A character no pod or namespace name holds (DNS labels and subdomains: lowercase letters, digits, '-' and '.'): what
    /// stands either side of "ns/name" in a scheduler line (a quote, a space, a comma), so that default/web does not find
    /// default/web-2 or mydefault/web.
    /// </summary>
    private const string NotInName = "[^a-z0-9.-]";

    /// <summary>A value as the text of a Logs Insights /regex/ matching exactly it: letters and digits as they are, '/' as \/,
    /// other ASCII punctuation escaped, anything else as \x{hex}.</summary>
    public static string RegexText(string value)
    {
        var b = new StringBuilder();
        foreach (var r in value.EnumerateRunes())
        {
            b.Append(r.IsAscii && char.IsAsciiLetterOrDigit((char)r.Value) ? r.ToString()
                : r.IsAscii && (Rune.IsPunctuation(r) || Rune.IsSymbol(r)) ? "\\" + r
                : $"\\x{{{r.Value:x}}}");
        }

        return b.ToString();
    }

    /// <summary>A Logs Insights string literal: double quotes, with backslashes and double quotes escaped.</summary>
    public static string Literal(string value)
    {
        var b = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                b.Append('\\');
            }

            b.Append(c switch { '\n' => ' ', '\r' => ' ', _ => c });
        }

        return b.Append('"').ToString();
    }
}
