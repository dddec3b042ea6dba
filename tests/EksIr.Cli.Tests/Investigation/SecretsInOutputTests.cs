namespace EksIr.Cli.Tests.Investigation;

/// <summary>
/// Nothing secret in any output: a case whose evidence carries credentials in every source, and endpoints that echo
/// the credentials they were sent, worked through every verb that prints or writes from them; every stream and every
/// file the verbs wrote (journal, report.html, report.md, exports) is searched for each credential and for a piece of
/// it. Access key ids are identifiers, kept.
/// </summary>
public sealed class SecretsInOutputTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task No_credential_from_the_evidence_or_an_echoing_endpoint_reaches_any_stream_or_file()
    {
        var incident = new HostileIncident(_temp.Combine("evidence"));
        var evidence = incident.Root;
        var work = _temp.Combine("work");
        Directory.CreateDirectory(work);
        using var kubernetes = new EchoingEndpoint();
        using var aws = new EchoingEndpoint();
        var kubeconfig = Kubeconfig.Write(_temp.Combine("kubeconfig"), kubernetes.Url, incident.AnalystToken);
        var credentials = _temp.Combine("aws-credentials");
        File.WriteAllText(credentials, $"[ir]\naws_access_key_id = ASIAANALYSTSESSION01\naws_secret_access_key = {incident.AnalystSecretKey}\naws_session_token = {incident.AnalystSessionToken}\n");
        var environment = new Dictionary<string, string>
        {
            ["AWS_SHARED_CREDENTIALS_FILE"] = credentials, ["AWS_CONFIG_FILE"] = _temp.Combine("no-config"), ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        var journal = Path.Combine(work, "cases", "INC-SECRETS", "journal.jsonl");
        string[] aws_ = ["--profile", "ir", "--region", "us-west-2", "--endpoint-url", aws.Url];

        (string Name, string[] Args)[] verbs =
        [
            ("case open", ["case", "open", "--name", "INC-SECRETS", "--evidence", evidence]),
            ("supertimeline", ["supertimeline", evidence]),
            ("supertimeline json", ["supertimeline", evidence, "--json"]),
            ("supertimeline timesketch", ["supertimeline", evidence, "--format", "timesketch"]),
            ("supertimeline csv", ["supertimeline", evidence, "--format", "csv"]),
            ("entity", ["entity", evidence, "default/sysdiag"]),
            ("entity json", ["entity", evidence, "ASIA5NODEROLE7STOLEN", "--json"]),
            ("finding", ["finding", "--journal", journal, "--title", "Secrets listed with a stolen token", "--entity", "default/sysdiag",
                "--detail", $"curl ran with Authorization: Bearer {incident.ExecJwt}"]),
            ("finding json", ["finding", "--journal", journal, "--title", "Node role key used", "--entity", "ASIA5NODEROLE7STOLEN", "--json"]),
            ("case report", ["case", "report", "--journal", journal]),
            ("case status", ["case", "status", "--journal", journal]),
            ("case status json", ["case", "status", "--journal", journal, "--json"]),
            ("logs", ["logs", Path.Combine(evidence, "node"), "--container", "sysdiag"]),
            ("logs json", ["logs", Path.Combine(evidence, "node"), "--container", "sysdiag", "--json"]),
            ("sql", ["sql", "--cloudtrail", Path.Combine(evidence, "cloudtrail"), "SELECT eventname, requestparameters, responseelements, errormessage FROM cloudtrail"]),
            ("sql json", ["sql", "--cloudtrail", Path.Combine(evidence, "cloudtrail"), "SELECT * FROM cloudtrail", "--json"]),
            ("insights", ["insights", "--logs", Path.Combine(evidence, "control-plane"), "fields @timestamp, @message | sort @timestamp asc"]),
            ("insights json", ["insights", "--logs", Path.Combine(evidence, "control-plane"), "--template", "exec-commands", "--json"]),
            ("guardduty", ["guardduty", Path.Combine(evidence, "guardduty")]),
            ("guardduty json", ["guardduty", Path.Combine(evidence, "guardduty"), "--json"]),
            ("k8s pod", ["k8s", "pod", "sysdiag", "-n", "default", "--kubeconfig", kubeconfig]),
            ("k8s node", ["k8s", "node", "--ip", "192.168.23.107", "--kubeconfig", kubeconfig]),
            ("contain pod", ["contain", "pod", "sysdiag", "-n", "default", "--kubeconfig", kubeconfig]),
            ("acquire pod-logs", ["acquire", "pod-logs", "sysdiag", "-n", "default", "--out", Path.Combine(work, "pod-logs"), "--kubeconfig", kubeconfig, "--execute"]),
            ("contain instance", ["contain", "instance", "i-0c7d2e91b4a6f3508", .. aws_]),
            ("sql athena", ["sql", "--athena", "--database", "cloudtrail_db", .. aws_, "SELECT 1"]),
            ("insights live", ["insights", "--log-group", "/aws/eks/eksworkshop-eksctl/cluster", .. aws_, "fields @message"]),
        ];
        string[] refused = ["k8s pod", "k8s node", "contain pod", "acquire pod-logs", "contain instance", "sql athena", "insights live"];
        var runs = new Dictionary<string, ProcessResult>();
        foreach (var (name, args) in verbs)
        {
            runs[name] = await ProcessRun.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "eksir.dll"), .. args], work, TimeSpan.FromMinutes(5), environment);
        }

        // The verbs did their work (so the credentials had their chance to leak), and the refused ones said why in one line.
        Assert.All(runs.Where(r => !refused.Contains(r.Key)), r => Assert.True(r.Value.ExitCode == 0, $"{r.Key}\n{r.Value}"));
        Assert.All(runs.Where(r => refused.Contains(r.Key)), r => Assert.True(r.Value.ExitCode == 1, $"{r.Key}\n{r.Value}"));
        Assert.All(runs.Where(r => refused.Contains(r.Key)), r => Assert.Contains("request refused by the gateway; it carried Authorization: ", r.Value.StdErr));
        Assert.Contains($"curl -sk -H \"Authorization: Bearer {incident.ExecJwt[..6]}…[redacted]\"", runs["supertimeline"].StdOut);
        Assert.Contains("AWS_SECRET_ACCESS_KEY=[redacted]", runs["logs"].StdOut);
        Assert.Contains("ASIA5NODEROLE7STOLEN", runs["logs"].StdOut); // an access key id is an identifier, kept
        Assert.Contains("X-Amz-Security-Token: [redacted]", runs["contain instance"].StdErr);
        Assert.NotEmpty(kubernetes.Echoed);
        Assert.NotEmpty(aws.Echoed);

        var secrets = incident.Secrets.Concat(kubernetes.Echoed.Concat(aws.Echoed).Select(h => KeyValuePair.Create($"the echoed {h[..16]}…", HostileIncident.CredentialIn(h)))).ToList();
        var outputs = runs.SelectMany(r => new[] { ($"stdout of {r.Key}", r.Value.StdOut), ($"stderr of {r.Key}", r.Value.StdErr) })
            // The case store (stores/) is a copy of the evidence, kept as the evidence is (like exports and acquired logs).
            .Concat(Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(work, f).StartsWith(Path.Combine("cases", "INC-SECRETS", "stores") + "/", StringComparison.Ordinal))
                .Select(f => (Path.GetRelativePath(work, f), File.ReadAllText(f))))
            .ToList();
        Assert.Contains(outputs, o => o.Item1 == Path.Combine("cases", "INC-SECRETS", "report.html"));
        Assert.Contains(outputs, o => o.Item1 == Path.Combine("cases", "INC-SECRETS", "report.md"));
        Assert.Contains(outputs, o => o.Item1 == Path.Combine("cases", "INC-SECRETS", "journal.jsonl"));
        var leaks = HostileIncident.Leaks(outputs, secrets);
        Assert.True(leaks.Count == 0, $"{leaks.Count} credentials in the outputs:\n{string.Join("\n", leaks)}");
    }
}
