using System.Text.Json;

namespace EksIr.Cli.Tests.Messages;

/// <summary>
/// Data on stdout, everything else on stderr: every verb that prints a table takes --json, and with it stdout is one JSON
/// document and nothing more (progress, notes, which node disk was read, warnings: stderr), run on the sample incident.
/// </summary>
public sealed class DataOnStdoutTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Sample(params string[] parts) => Repo.Path(["sample-data", "incident-1", .. parts]);

    public static TheoryData<string[]> VerbsOnTheSample() => new()
    {
        { new[] { "status", Sample() } },
        { new[] { "containers", Sample() } },
        { new[] { "images", Sample() } },
        { new[] { "history", Sample(), "--image", "registry.example/sysdiag:1.0" } },
        { new[] { "diff", Sample(), "--container", "sysdiag" } },
        { new[] { "layers", Sample(), "--container", "sysdiag" } },
        { new[] { "ls", Sample(), "--container", "sysdiag" } },
        { new[] { "timeline", Sample(), "--container", "sysdiag" } },
        { new[] { "logs", Sample(), "--container", "sysdiag" } },
        { new[] { "cat", Sample(), "/etc/sysdiag.conf", "--container", "sysdiag" } },
        { new[] { "lime", Sample("memory", "ip-192-168-23-107.lime") } },
        { new[] { "pstree", Sample("memory", "volatility") } },
        { new[] { "guardduty", Sample("guardduty") } },
        { new[] { "k8s", "node", "--ip", "192.168.23.107", "--snapshot", Sample("cluster") } },
        { new[] { "k8s", "pod", "sysdiag", "--snapshot", Sample("cluster") } },
        { new[] { "contain", "pod", "sysdiag", "--snapshot", Sample("cluster") } },
        { new[] { "contain", "instance", "i-0c7d2e91b4a6f3508", "--snapshot", Sample("aws") } },
        { new[] { "supertimeline", Sample(), "--start", "2026-11-29T06:19:00Z", "--end", "2026-11-29T06:27:00Z" } },
        { new[] { "entity", Sample(), "default/sysdiag", "--hops", "1" } },
        { new[] { "sql", "SELECT eventname FROM cloudtrail LIMIT 3", "--cloudtrail", Sample("cloudtrail") } },
        { new[] { "insights", "fields @timestamp | limit 3", "--logs", Sample("control-plane") } },
    };

    [Theory]
    [MemberData(nameof(VerbsOnTheSample))]
    public async Task With_json_stdout_is_one_json_document_and_nothing_else(string[] verb)
    {
        var run = await ProcessRun.EksirAsync(_temp.Path, [.. verb, "--json"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var doc = JsonDocument.Parse(run.StdOut); // throws on anything printed before or after the document
        Assert.NotEqual(JsonValueKind.Undefined, doc.RootElement.ValueKind);
    }

    [Fact]
    public async Task Every_verb_but_run_offers_json_and_eksir_alone_says_its_usage_on_stderr()
    {
        var help = await ProcessRun.EksirAsync(_temp.Path, "--help");
        var nothing = await ProcessRun.EksirAsync(_temp.Path);

        Assert.Equal(0, help.ExitCode);
        var usages = help.StdOut.Split('\n').Where(l => l.StartsWith("  eksir ", StringComparison.Ordinal)).ToList();
        Assert.True(usages.Count > 30, help.StdOut);
        Assert.All(usages.Where(u => !u.StartsWith("  eksir run ", StringComparison.Ordinal)), u => Assert.Contains("[--json]", u));
        Assert.Equal((2, ""), (nothing.ExitCode, nothing.StdOut));
        Assert.Contains("  eksir supertimeline EVIDENCE", nothing.StdErr);
    }
}
