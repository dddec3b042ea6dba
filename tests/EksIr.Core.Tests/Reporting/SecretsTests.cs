using System.Text;
using System.Text.Json;
using EksIr.Core.Reporting;

namespace EksIr.Core.Tests.Reporting;

/// <summary>
/// The redaction pass on credentials in the formats their issuers document: a Kubernetes service-account JWT, the EKS
/// token aws-cli's <c>eks get-token</c> makes (k8s-aws-v1. + the presigned STS URL in base64url), AWS's documented
/// example keys and SigV4 header, STS answers as JSON and XML, the AWS CLI's credentials file, a kubeconfig.
/// </summary>
public sealed class SecretsTests
{
    private const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE"; // AWS's documented example pair
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private static readonly string Jwt = ServiceAccountJwt();
    private static readonly string SessionToken = "IQoJb3JpZ2luX2VjE" + Convert.ToBase64String(Bytes(300, 7));
    private static readonly string EksToken = "k8s-aws-v1." + Base64Url(Encoding.ASCII.GetBytes(
        "https://sts.us-west-2.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256" +
        $"&X-Amz-Credential={AccessKeyId}%2F20261129%2Fus-west-2%2Fsts%2Faws4_request&X-Amz-Date=20261129T062331Z&X-Amz-Expires=60" +
        "&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=" + Convert.ToHexStringLower(Bytes(32, 3))));

    [Fact]
    public void A_bearer_token_in_an_exec_command_keeps_only_its_first_characters()
    {
        var command = $"sh -c curl -sk -H \"Authorization: Bearer {Jwt}\" https://10.100.0.1/api/v1/secrets";

        Assert.Equal($"sh -c curl -sk -H \"Authorization: Bearer {Jwt[..6]}…[redacted]\" https://10.100.0.1/api/v1/secrets", Secrets.Redact(command));
        Assert.Equal($"curl -H 'authorization: bearer {Jwt[..6]}…[redacted]'", Secrets.Redact($"curl -H 'authorization: bearer {Jwt}'"));
        Assert.Equal($"Bearer {EksToken[..6]}…[redacted] was refused", Secrets.Redact($"Bearer {EksToken} was refused"));
    }

    [Fact]
    public void A_kubectl_token_argument_is_hidden_whether_given_with_equals_or_a_space()
    {
        Assert.Equal("kubectl --token=[redacted] get secrets -A", Secrets.Redact($"kubectl --token={Jwt} get secrets -A"));
        Assert.Equal("kubectl --token [redacted] get secrets -A", Secrets.Redact($"kubectl --token {Jwt} get secrets -A"));
        Assert.Equal("kubectl --server https://10.0.0.1 --password [redacted] get pods", Secrets.Redact("kubectl --server https://10.0.0.1 --password hunter2 get pods"));
    }

    [Fact]
    public void A_jwt_or_an_eks_token_anywhere_keeps_its_header_only()
    {
        Assert.Equal($"token from the pod: {Jwt[..6]}…[redacted] (mounted)", Secrets.Redact($"token from the pod: {Jwt} (mounted)"));
        Assert.Equal($"sa {Jwt[..6]}…[redacted] (mounted)", Secrets.Redact($"sa {Jwt} (mounted)"));
        Assert.Equal($"exec credential k8s-aws-v1.{EksToken[11..17]}…[redacted] expired", Secrets.Redact($"exec credential {EksToken} expired"));
    }

    [Fact]
    public void The_aws_cli_credentials_file_keeps_the_access_key_id_and_hides_the_secret_key_and_session_token()
    {
        var file = $"[ir]\naws_access_key_id = {AccessKeyId}\naws_secret_access_key = {SecretKey}\naws_session_token = {SessionToken}\nregion = us-west-2\n";
        var environment = $"AWS_ACCESS_KEY_ID={AccessKeyId} AWS_SECRET_ACCESS_KEY={SecretKey} AWS_SESSION_TOKEN={SessionToken} aws sts get-caller-identity";

        Assert.Equal($"[ir]\naws_access_key_id = {AccessKeyId}\naws_secret_access_key = [redacted]\naws_session_token = [redacted]\nregion = us-west-2\n", Secrets.Redact(file));
        Assert.Equal($"AWS_ACCESS_KEY_ID={AccessKeyId} AWS_SECRET_ACCESS_KEY=[redacted] AWS_SESSION_TOKEN=[redacted] aws sts get-caller-identity", Secrets.Redact(environment));
    }

    [Fact]
    public void Environment_variables_named_as_credentials_are_hidden_in_an_image_history_or_a_containers_environment()
    {
        Assert.Equal("ENV GITHUB_TOKEN=[redacted] DB_PASSWORD=[redacted] LOG_LEVEL=debug", Secrets.Redact("ENV GITHUB_TOKEN=ghp_Example0123456789abcdefABCDEF012345 DB_PASSWORD=s3cr3t LOG_LEVEL=debug"));
        Assert.Equal("""["STRIPE_API_KEY=[redacted]","HOME=/root"]""", Secrets.Redact("""["STRIPE_API_KEY=sk_live_Example0123456789","HOME=/root"]"""));
        Assert.Equal("""{"apiKey":"[redacted]","clientSecret":"[redacted]","nextToken":"AAMA-EXAMPLE"}""", Secrets.Redact("""{"apiKey":"AIzaExample0123","clientSecret":"cs-example-0123","nextToken":"AAMA-EXAMPLE"}"""));
    }

    [Fact]
    public void Sts_credentials_are_hidden_in_json_xml_escaped_json_and_html()
    {
        var json = $$$"""{"Credentials":{"AccessKeyId":"ASIAEXAMPLEASSUMED01","SecretAccessKey":"{{{SecretKey}}}","SessionToken":"{{{SessionToken}}}","Expiration":"2026-11-29T07:23:31Z"}}""";
        var xml = $"<Credentials><AccessKeyId>ASIAEXAMPLEASSUMED01</AccessKeyId><SecretAccessKey>{SecretKey}</SecretAccessKey><SessionToken>{SessionToken}</SessionToken></Credentials>";

        var redactedJson = Secrets.Redact(json);
        Assert.Equal("""{"Credentials":{"AccessKeyId":"ASIAEXAMPLEASSUMED01","SecretAccessKey":"[redacted]","SessionToken":"[redacted]","Expiration":"2026-11-29T07:23:31Z"}}""", redactedJson);
        Assert.Equal("<Credentials><AccessKeyId>ASIAEXAMPLEASSUMED01</AccessKeyId><SecretAccessKey>[redacted]</SecretAccessKey><SessionToken>[redacted]</SessionToken></Credentials>",
            Secrets.Redact(xml));
        var escaped = JsonSerializer.Serialize(new { summary = json }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Equal(JsonSerializer.Serialize(new { summary = redactedJson }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            Secrets.Redact(escaped));
        Assert.Equal(System.Net.WebUtility.HtmlEncode(redactedJson), Secrets.Redact(System.Net.WebUtility.HtmlEncode(json)));
        Assert.Equal($"sessionToken {SessionToken[..6]}…[redacted] in a table cell", Secrets.Redact($"sessionToken {SessionToken} in a table cell"));
    }

    [Fact]
    public void A_sigv4_authorization_header_keeps_its_credential_scope_and_hides_its_signature()
    {
        // AWS's documented example (Signature Version 4, "Authorization header").
        const string header = "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, " +
                              "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";
        var presigned = $"https://bucket.s3.amazonaws.com/memory.lime?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAEXAMPLEASSUMED01%2F20261129%2Fus-west-2%2Fs3%2Faws4_request" +
                        $"&X-Amz-Security-Token={Uri.EscapeDataString(SessionToken)}&X-Amz-Signature=" + Convert.ToHexStringLower(Bytes(32, 9)) + "&X-Amz-SignedHeaders=host";

        Assert.Equal("Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, " +
                     "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=[redacted]", Secrets.Redact(header));
        Assert.Equal("https://bucket.s3.amazonaws.com/memory.lime?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAEXAMPLEASSUMED01%2F20261129%2Fus-west-2%2Fs3%2Faws4_request" +
                     "&X-Amz-Security-Token=[redacted]&X-Amz-Signature=[redacted]&X-Amz-SignedHeaders=host", Secrets.Redact(presigned));
        Assert.Equal("Authorization: Basic [redacted]", Secrets.Redact("Authorization: Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("admin:s3cr3t-passw0rd"))));
    }

    [Fact]
    public void A_kubeconfig_keeps_its_server_and_certificate_and_hides_its_credentials()
    {
        var key = "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo" + Convert.ToBase64String(Bytes(120, 5));
        var kubeconfig = $"""
            clusters:
            - cluster:
                certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
                server: https://ABCDEF0123456789.gr7.us-west-2.eks.amazonaws.com
              name: incident
            users:
            - name: analyst
              user:
                token: {Jwt}
                client-key-data: {key}
                username: admin
                password: "hunter2"
                auth-provider:
                  config:
                    id-token: {Jwt}
                    refresh-token: 1//0gExampleRefresh
            """;

        Assert.Equal("""
            clusters:
            - cluster:
                certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
                server: https://ABCDEF0123456789.gr7.us-west-2.eks.amazonaws.com
              name: incident
            users:
            - name: analyst
              user:
                token: [redacted]
                client-key-data: [redacted]
                username: admin
                password: "[redacted]"
                auth-provider:
                  config:
                    id-token: [redacted]
                    refresh-token: [redacted]
            """, Secrets.Redact(kubeconfig));
    }

    [Fact]
    public void A_private_key_and_a_urls_password_are_hidden()
    {
        var pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA" + Convert.ToBase64String(Bytes(90, 2)) + "\n-----END RSA PRIVATE KEY-----";

        Assert.Equal("key: [redacted] done", Secrets.Redact($"key: {pem} done"));
        Assert.Equal("key: [redacted] done", Secrets.Redact($"key: {pem.Replace("\n", "\\n", StringComparison.Ordinal)} done"));
        Assert.Equal("git clone https://deploy:[redacted]@git.example/app.git", Secrets.Redact("git clone https://deploy:glpat-Zx9Example@git.example/app.git"));
    }

    [Fact]
    public void Identifiers_analysts_correlate_on_are_left_as_they_are()
    {
        const string text = """
            AKIAIOSFODNN7EXAMPLE ASIAEXAMPLEASSUMED01 arn:aws:iam::111122223333:role/eks-node-role arn:aws:sts::111122223333:assumed-role/IncidentResponder/analyst
            8e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7 audit:4f1d2c3b-5a6e-4b7c-8d9e-0f1a2b3c4d5e control-plane:authenticator-1:2026-11-29T06:23:31Z:0123456789abcdef
            {"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"RBAC: allowed by RoleBinding"} "aws:TokenIssueTime": "2026-11-29T06:00:00Z"
            sts GetSessionToken nextToken=AAMA-EXAMPLE token_type=Bearer the token expired; a bearer token was used; "token": null, "password": "", "sessionToken": 0
            http://203.0.113.50/drop?upload=http://203.0.113.50/x i-0c7d2e91b4a6f3508 system:serviceaccount:default:sysdiag
            """;

        Assert.Equal(text, Secrets.Redact(text));
    }

    [Fact]
    public void Redacting_twice_changes_nothing_more()
    {
        foreach (var text in new[]
                 {
                     $"Authorization: Bearer {Jwt}", $"--token={Jwt} --token {Jwt}", $"sa {Jwt}", EksToken, SessionToken, $"aws_secret_access_key={SecretKey}",
                     $"\"SessionToken\":\"{SessionToken}\"", "Authorization: Basic YWRtaW46c2VjcmV0", "https://u:p4ssw0rd@h/", "Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe",
                 })
        {
            var once = Secrets.Redact(text);
            Assert.NotEqual(text, once);
            Assert.Equal(once, Secrets.Redact(once));
        }
    }

    [Fact]
    public void Json_with_credentials_is_still_the_same_json_with_them_hidden()
    {
        var json = JsonSerializer.Serialize(new { token = Jwt, none = (string?)null, password = "p@ss w0rd", items = new[] { $"Bearer {Jwt}" } });

        using var redacted = JsonDocument.Parse(Secrets.Redact(json));

        Assert.Equal("[redacted]", redacted.RootElement.GetProperty("token").GetString());
        Assert.Equal("[redacted]", redacted.RootElement.GetProperty("password").GetString());
        Assert.Equal(System.Net.WebUtility.HtmlEncode(Secrets.Redact(json)), Secrets.Redact(System.Net.WebUtility.HtmlEncode(json)));
        Assert.Equal($"Bearer {Jwt[..6]}…[redacted]", redacted.RootElement.GetProperty("items")[0].GetString());
    }

    [Fact]
    public void A_hostile_line_of_many_megabytes_is_redacted_in_one_pass()
    {
        var names = string.Concat(Enumerable.Repeat("token=", 400_000));
        var bearers = string.Concat(Enumerable.Repeat("Bearer ", 400_000));
        var quotes = "\"token\"" + string.Concat(Enumerable.Repeat("\\\"\\\"", 400_000)) + ":";
        var dots = string.Concat(Enumerable.Repeat("eyJhbGci.", 400_000));

        Assert.Equal("token=[redacted]", Secrets.Redact(names));
        Assert.Equal(bearers, Secrets.Redact(bearers));
        Assert.Equal(quotes, Secrets.Redact(quotes));
        Assert.DoesNotContain("eyJhbGci.eyJhbGci.eyJhbGci", Secrets.Redact(dots));
    }

    [Fact]
    public void A_writer_redacts_a_credential_written_a_character_at_a_time_and_passes_the_rest_on_at_a_flush()
    {
        var sink = new StringWriter();
        var writer = new RedactingWriter(sink);

        foreach (var c in $"row 1: Authorization: Bearer {Jwt}\nrow 2: password=")
        {
            writer.Write(c);
        }

        writer.Write("hunter2 (partial line)");
        Assert.Equal($"row 1: Authorization: Bearer {Jwt[..6]}…[redacted]\n", sink.ToString());
        writer.Flush();
        Assert.Equal($"row 1: Authorization: Bearer {Jwt[..6]}…[redacted]\nrow 2: password=[redacted] (partial line)", sink.ToString());
    }

    /// <summary>A service-account token as the API server issues it: RS256 header, the projected token's claims, a 256-byte signature.</summary>
    private static string ServiceAccountJwt() =>
        Base64Url(Encoding.UTF8.GetBytes("""{"alg":"RS256","kid":"c5f1e7d2a9b84c3e"}""")) + "." +
        Base64Url(Encoding.UTF8.GetBytes("""{"aud":["https://kubernetes.default.svc"],"exp":1796000000,"iss":"https://oidc.eks.us-west-2.amazonaws.com/id/ABCDEF0123456789","kubernetes.io":{"namespace":"default","serviceaccount":{"name":"sysdiag"}},"sub":"system:serviceaccount:default:sysdiag"}""")) + "." +
        Base64Url(Bytes(256, 11));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
