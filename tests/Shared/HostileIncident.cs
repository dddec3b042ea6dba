using System.Text;
using System.Text.Json;

namespace EksIr.Tests;

/// <summary>
/// An incident folder laid out as the playbooks lay it out, with a credential planted in every source that can carry
/// one, each in the format its issuer documents: an audit event whose exec runs curl with <c>Authorization: Bearer</c>
/// a service-account JWT and another running <c>kubectl --token=</c>, an authenticator line quoting an EKS token
/// (k8s-aws-v1.), CloudTrail events with an STS session token in responseElements and in an error message, a GuardDuty
/// finding whose title quotes a bearer token, and a container's log line exporting a secret access key. Beside it, the
/// credentials the analyst's own tools hold (a kubeconfig's bearer token, an AWS profile's keys), which a hostile
/// endpoint may echo back.
/// </summary>
public sealed class HostileIncident
{
    public const string ContainerId = "4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c";

    public HostileIncident(string folder)
    {
        Root = folder;
        WriteAudit();
        WriteAuthenticator();
        WriteCloudTrail();
        WriteGuardDuty();
        WriteNode();
    }

    public string Root { get; }

    public string ExecJwt { get; } = Jwt("default", "sysdiag", 1);

    public string KubectlJwt { get; } = Jwt("kube-system", "aws-node", 2);

    public string FindingJwt { get; } = Jwt("default", "web", 3);

    public string EksToken { get; } = "k8s-aws-v1." + Base64Url(Encoding.ASCII.GetBytes(
        "https://sts.us-west-2.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256" +
        "&X-Amz-Credential=ASIA5NODEROLE7STOLEN%2F20261129%2Fus-west-2%2Fsts%2Faws4_request&X-Amz-Date=20261129T062331Z&X-Amz-Expires=60" +
        "&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=" + Convert.ToHexStringLower(Bytes(32, 4))));

    public string AssumedSessionToken { get; } = "IQoJb3JpZ2luX2VjE" + Convert.ToBase64String(Bytes(420, 5));

    public string EchoedSessionToken { get; } = "IQoJb3JpZ2luX2VjE" + Convert.ToBase64String(Bytes(420, 6));

    public string LoggedSecretKey { get; } = Convert.ToBase64String(Bytes(30, 7)); // 40 characters, as a secret access key

    /// <summary>The analyst's kubeconfig token (a service-account JWT).</summary>
    public string AnalystToken { get; } = Jwt("ir", "analyst", 8);

    /// <summary>The analyst's AWS profile: a secret access key and a session token, as STS issues them.</summary>
    public string AnalystSecretKey { get; } = Convert.ToBase64String(Bytes(30, 9));

    public string AnalystSessionToken { get; } = "IQoJb3JpZ2luX2VjE" + Convert.ToBase64String(Bytes(420, 10));

    /// <summary>Every credential planted in the evidence or held by the analyst's tools, by where it is.</summary>
    public IReadOnlyDictionary<string, string> Secrets => new Dictionary<string, string>
    {
        ["the exec's bearer token"] = ExecJwt, ["kubectl's --token"] = KubectlJwt, ["the finding's bearer token"] = FindingJwt,
        ["the authenticator's EKS token"] = EksToken, ["CloudTrail's session token"] = AssumedSessionToken, ["a CloudTrail error's session token"] = EchoedSessionToken,
        ["the log's secret key"] = LoggedSecretKey, ["the kubeconfig's token"] = AnalystToken, ["the profile's secret key"] = AnalystSecretKey,
        ["the profile's session token"] = AnalystSessionToken,
    };

    /// <summary>An echoed header's credential: a bearer token, a SigV4 signature (its Credential= scope is an identifier) or a session token.</summary>
    public static string CredentialIn(string header) =>
        header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..]
        : header.Contains("Signature=", StringComparison.Ordinal) ? header[(header.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..]
        : header;

    /// <summary>
    /// The outputs (name, text) that hold a piece of a credential: its characters 8 to 40 (past any prefix kept to
    /// correlate) or its last 32 (a JWT's signature).
    /// </summary>
    public static IReadOnlyList<string> Leaks(IEnumerable<(string Name, string Text)> outputs, IEnumerable<KeyValuePair<string, string>> secrets) =>
        (from output in outputs
         from secret in secrets
         where output.Text.Contains(secret.Value[8..40], StringComparison.Ordinal) || output.Text.Contains(secret.Value[^32..], StringComparison.Ordinal)
         select $"{output.Name} holds {secret.Key}").Distinct().ToList();

    private void WriteAudit()
    {
        string Exec(string auditId, string time, params string[] command) =>
            JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["kind"] = "Event", ["apiVersion"] = "audit.k8s.io/v1", ["level"] = "Metadata", ["auditID"] = auditId, ["stage"] = "ResponseComplete",
                ["requestURI"] = "/api/v1/namespaces/default/pods/sysdiag/exec?" + string.Join("&", command.Select(c => "command=" + Uri.EscapeDataString(c))) + "&container=sysdiag&stdin=true&stdout=true",
                ["verb"] = "create",
                ["user"] = new { username = "dev-intern", groups = new[] { "system:authenticated" }, extra = new Dictionary<string, string[]> { ["accessKeyId"] = ["AKIA5DEVINTERN7EXMPL"], ["arn"] = ["arn:aws:iam::111122223333:user/dev-intern"] } },
                ["sourceIPs"] = new[] { "198.51.100.23" },
                ["objectRef"] = new { resource = "pods", @namespace = "default", name = "sysdiag", subresource = "exec", apiVersion = "v1" },
                ["responseStatus"] = new { code = 101 },
                ["requestReceivedTimestamp"] = time, ["stageTimestamp"] = time,
            });
        WriteEvents("control-plane/filter-log-events-audit.json", "kube-apiserver-audit-b81f37a043a6f767e7c94d105f4bd312",
        [
            (Exec("5d1c8a2e-7b3f-4c6d-9e0a-1b2c3d4e5f60", "2026-11-29T06:23:31.390000Z", "sh", "-c", $"curl -sk -H \"Authorization: Bearer {ExecJwt}\" https://kubernetes.default.svc/api/v1/secrets"), 1795933411390),
            (Exec("6e2d9b3f-8c4a-4d7e-0f1b-2c3d4e5f6a71", "2026-11-29T06:24:02.120000Z", "kubectl", $"--token={KubectlJwt}", "get", "secrets", "-A"), 1795933442120),
        ]);
    }

    private void WriteAuthenticator() =>
        WriteEvents("control-plane/filter-log-events-authenticator.json", "authenticator-21c9fca2dceaa54532d8f24fc52960ec",
        [
            ($"time=\"2026-11-29T06:23:29Z\" level=warning msg=\"access denied for token {EksToken}\" accesskeyid=ASIA5NODEROLE7STOLEN " +
             "arn=\"arn:aws:sts::111122223333:assumed-role/eksctl-eksworkshop-eksctl-nodegroup-ng-1-NodeInstanceRole/i-0c7d2e91b4a6f3508\" method=POST path=/authenticate", 1795933409000),
        ]);

    private void WriteCloudTrail()
    {
        object Event(string id, string time, string name, object? request, object? response, string? error = null) => new Dictionary<string, object?>
        {
            ["eventVersion"] = "1.09", ["eventTime"] = time, ["eventSource"] = "sts.amazonaws.com", ["eventName"] = name, ["awsRegion"] = "us-west-2",
            ["sourceIPAddress"] = "203.0.113.50", ["userAgent"] = "aws-cli/2.15.0",
            ["userIdentity"] = new { type = "AssumedRole", arn = "arn:aws:sts::111122223333:assumed-role/eksctl-eksworkshop-eksctl-nodegroup-ng-1-NodeInstanceRole/i-0c7d2e91b4a6f3508", accessKeyId = "ASIA5NODEROLE7STOLEN", accountId = "111122223333" },
            ["requestParameters"] = request, ["responseElements"] = response,
            ["errorCode"] = error is null ? null : "AccessDenied", ["errorMessage"] = error,
            ["eventID"] = id, ["eventType"] = "AwsApiCall", ["recipientAccountId"] = "111122223333",
        };
        var records = new
        {
            Records = new[]
            {
                Event("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", "2026-11-29T06:25:10Z", "AssumeRole",
                    new { roleArn = "arn:aws:iam::111122223333:role/PlatformOps", roleSessionName = "x" },
                    new { credentials = new { accessKeyId = "ASIA5PLATFORMOPS0002", sessionToken = AssumedSessionToken, expiration = "Nov 29, 2026, 7:25:10 AM" } }),
                Event("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "2026-11-29T06:25:40Z", "GetCallerIdentity", null, null,
                    $"request with X-Amz-Security-Token: {EchoedSessionToken} is not authorized"),
            },
        };
        Write("cloudtrail/AWSLogs/111122223333/CloudTrail/us-west-2/2026/11/29/111122223333_CloudTrail_us-west-2_20261129T0625Z_0a1b2c3d4e5f6a7b.json", JsonSerializer.Serialize(records));
    }

    private void WriteGuardDuty() =>
        Write("guardduty/finding-token.json", JsonSerializer.Serialize(new
        {
            findings = new[]
            {
                new
                {
                    accountId = "111122223333", id = "7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d", region = "us-west-2", partition = "aws", schemaVersion = "2.0",
                    arn = "arn:aws:guardduty:us-west-2:111122223333:detector/6cc64f1e0a2b4a7d9e3c0d1e2f3a4b5c/finding/7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d",
                    type = "CredentialAccess:Kubernetes/MaliciousIPCaller", severity = 8, createdAt = "2026-11-29T06:26:41.311Z", updatedAt = "2026-11-29T06:26:41.311Z",
                    title = $"Kubernetes API called from a malicious IP with Authorization: Bearer {FindingJwt}",
                    description = $"A request carrying Bearer {FindingJwt} listed secrets.",
                    resource = new
                    {
                        resourceType = "EKSCluster",
                        eksClusterDetails = new { name = "eksworkshop-eksctl" },
                        kubernetesDetails = new { kubernetesUserDetails = new { username = "dev-intern", groups = new[] { "system:authenticated" } } },
                    },
                    service = new
                    {
                        serviceName = "guardduty", eventFirstSeen = "2026-11-29T06:24:02.000Z", eventLastSeen = "2026-11-29T06:24:02.000Z", count = 1,
                        action = new
                        {
                            actionType = "KUBERNETES_API_CALL",
                            kubernetesApiCallAction = new { requestUri = $"/api/v1/secrets?token={FindingJwt}", verb = "list", sourceIps = new[] { "198.51.100.23" }, statusCode = 200 },
                        },
                    },
                },
            },
        }));

    private void WriteNode()
    {
        var folder = $"node/var/lib/docker/containers/{ContainerId}";
        Write($"{folder}/config.v2.json", JsonSerializer.Serialize(new
        {
            ID = ContainerId, Name = "/k8s_sysdiag_sysdiag_default_3f6c1a2e-8b4d-4e7f-9a0b-1c2d3e4f5a6b_0", Created = "2026-11-29T06:23:20.123456789Z",
            Image = "sha256:" + new string('a', 64), Driver = "overlay2",
            State = new { Running = true, StartedAt = "2026-11-29T06:23:21.000000000Z" },
            Config = new
            {
                Image = "registry.example/sysdiag:1.0",
                Labels = new Dictionary<string, string>
                {
                    ["io.kubernetes.pod.name"] = "sysdiag", ["io.kubernetes.pod.namespace"] = "default", ["io.kubernetes.container.name"] = "sysdiag",
                    ["io.kubernetes.docker.type"] = "container", ["io.kubernetes.pod.uid"] = "3f6c1a2e-8b4d-4e7f-9a0b-1c2d3e4f5a6b",
                },
            },
        }));
        Write($"{folder}/{ContainerId}-json.log",
            JsonSerializer.Serialize(new { log = "agent 1.0 starting\n", stream = "stdout", time = "2026-11-29T06:23:31.532467025Z" }) + "\n" +
            JsonSerializer.Serialize(new { log = $"export AWS_ACCESS_KEY_ID=ASIA5NODEROLE7STOLEN AWS_SECRET_ACCESS_KEY={LoggedSecretKey}\n", stream = "stderr", time = "2026-11-29T06:24:05.000000001Z" }) + "\n");
    }

    private void WriteEvents(string path, string stream, IEnumerable<(string Message, long Timestamp)> events) =>
        Write(path, JsonSerializer.Serialize(new
        {
            events = events.Select((e, i) => new { logStreamName = stream, timestamp = e.Timestamp, message = e.Message, ingestionTime = e.Timestamp + 1000, eventId = $"3700000000000000000000000000000000000000000000000000000{i}" }),
        }));

    private void Write(string path, string text)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    /// <summary>A projected service-account token as the API server issues it: header (its key id first, so each token's differs early), claims, a 256-byte signature.</summary>
    private static string Jwt(string ns, string account, int seed) =>
        Base64Url(Encoding.UTF8.GetBytes($$"""{"kid":"{{Convert.ToHexStringLower(Bytes(8, 100 + seed))}}","alg":"RS256"}""")) + "." +
        Base64Url(Encoding.UTF8.GetBytes($$"""{"aud":["https://kubernetes.default.svc"],"exp":1796000000,"iss":"https://oidc.eks.us-west-2.amazonaws.com/id/ABCDEF0123456789","sub":"system:serviceaccount:{{ns}}:{{account}}"}""")) + "." +
        Base64Url(Bytes(256, seed));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
