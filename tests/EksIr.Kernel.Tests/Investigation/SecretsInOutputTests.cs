using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace EksIr.Kernel.Tests.Investigation;

/// <summary>
/// Nothing secret in a notebook's outputs: the magic commands worked over evidence carrying credentials in every source
/// and against endpoints that echo the credentials they were sent; every displayed value (each mime type, progress
/// updates included), every failure message and every file written into the case folder is searched for each one.
/// </summary>
public sealed class SecretsInOutputTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task No_credential_from_the_evidence_or_an_echoing_endpoint_reaches_a_displayed_value_a_failure_or_a_case_file()
    {
        var incident = new HostileIncident(_temp.Combine("evidence"));
        var caseDir = _temp.Combine("case");
        using var kubernetes = new EchoingEndpoint();
        using var aws = new EchoingEndpoint();
        var kubeconfig = Kubeconfig.Write(_temp.Combine("kubeconfig"), kubernetes.Url, incident.AnalystToken);
        using var kernel = await KernelFixture.CreateAsync();
        string[] cells =
        [
            $"#!case open --name INC-SECRETS --evidence \"{incident.Root}\" --case-dir \"{caseDir}\"",
            "#!supertimeline --export timeline.csv",
            "#!supertimeline --export timeline.jsonl --format timesketch",
            "#!entity default/sysdiag",
            $"#!finding --title \"Secrets listed with a stolen token\" --entity default/sysdiag --detail \"curl ran with Authorization: Bearer {incident.ExecJwt}\"",
            "#!guardduty --file guardduty",
            "#!logs --root node --container sysdiag",
            "#!connect cloudtrail --kernel-name ct --path cloudtrail",
            "#!ct\nSELECT eventname, requestparameters, responseelements, errormessage FROM cloudtrail",
            "#!connect insights --kernel-name audit --path control-plane",
            "#!audit\nfields @timestamp, @message | sort @timestamp asc",
            $"#!k8s pod sysdiag -n default --kubeconfig \"{kubeconfig}\"",
            $"#!contain instance i-0c7d2e91b4a6f3508 --region us-west-2 --endpoint-url {aws.Url}",
            "#!case status",
            "#!case report",
        ];
        string[] refused = [cells[11], cells[12]];

        var results = new List<(string Cell, KernelCommandResult Result)>();
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "ASIAANALYSTSESSION01");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", incident.AnalystSecretKey);
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", incident.AnalystSessionToken);
        try
        {
            foreach (var cell in cells)
            {
                results.Add((cell, await kernel.SubmitCodeAsync(cell)));
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", null);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", null);
            Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);
        }

        Assert.All(results.Where(r => !refused.Contains(r.Cell)), r => r.Result.ShouldSucceed());
        Assert.All(results.Where(r => refused.Contains(r.Cell)),
            r => Assert.Contains("request refused by the gateway; it carried Authorization: ", Assert.Single(r.Result.Events.OfType<CommandFailed>()).Message));
        Assert.Contains(Texts(results[1].Result), t => t.Contains($"curl -sk -H \"Authorization: Bearer {incident.ExecJwt[..6]}…[redacted]\"", StringComparison.Ordinal));
        Assert.NotEmpty(kubernetes.Echoed);
        Assert.NotEmpty(aws.Echoed);

        var secrets = incident.Secrets.Concat(kubernetes.Echoed.Concat(aws.Echoed).Select(h => KeyValuePair.Create($"the echoed {h[..16]}…", HostileIncident.CredentialIn(h)))).ToList();
        var outputs = results.SelectMany(r => Texts(r.Result).Select(t => ($"output of {Label(r.Cell)}", t)))
            // The case store (stores/) is a copy of the evidence, kept as the evidence is (like exports and acquired logs):
            // what it holds is no output; every output made from it is scanned.
            .Concat(Directory.EnumerateFiles(caseDir, "*", SearchOption.AllDirectories).Where(f => !Path.GetRelativePath(caseDir, f).StartsWith("stores/", StringComparison.Ordinal))
                .Select(f => (Path.GetRelativePath(caseDir, f), File.ReadAllText(f))))
            .ToList();
        Assert.Contains(outputs, o => o.Item1 == "report.html");
        Assert.Contains(outputs, o => o.Item1 == "timeline.csv");
        Assert.Contains(outputs, o => o.Item1 == "timeline.jsonl");
        var leaks = HostileIncident.Leaks(outputs, secrets);
        Assert.True(leaks.Count == 0, $"{leaks.Count} credentials in the outputs:\n{string.Join("\n", leaks)}");
    }

    /// <summary>A cell by its first line's first 40 characters.</summary>
    private static string Label(string cell) => cell.Split('\n')[0] is var first && first.Length > 40 ? first[..40] + "…" : cell.Split('\n')[0];

    /// <summary>Everything a cell showed: each displayed or updated value in each mime type, and failure messages.</summary>
    private static IEnumerable<string> Texts(KernelCommandResult result) =>
        result.Events.SelectMany(e => e switch
        {
            DisplayEvent d => d.FormattedValues.Select(v => v.Value),
            CommandFailed f => [f.Message],
            _ => [],
        });
}
