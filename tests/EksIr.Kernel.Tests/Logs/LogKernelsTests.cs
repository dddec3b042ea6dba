using EksIr.Core.Cases;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace EksIr.Kernel.Tests.Logs;

/// <summary>#!connect cloudtrail and #!connect insights inside a case: query cells, shared results, errors, the journal.</summary>
public sealed class LogKernelsTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Sql_and_insights_cells_answer_share_their_rows_and_are_journaled()
    {
        using var kernel = await KernelFixture.CreateAsync();
        var journal = _temp.Combine("case", "journal.jsonl");
        (await kernel.SubmitCodeAsync($"#!case open --name INC-11 --evidence \"{Repo.Path("sample-data", "incident-1")}\" --journal \"{journal}\"")).ShouldSucceed();

        (await kernel.SubmitCodeAsync("#!connect cloudtrail --kernel-name ct --path cloudtrail")).ShouldSucceed();
        (await kernel.SubmitCodeAsync("#!connect insights --kernel-name audit --path control-plane --log-group /aws/eks/eksworkshop-eksctl/cluster")).ShouldSucceed();
        var sql = await kernel.SubmitCodeAsync("#!ct --name stolen\nSELECT eventtime, eventname FROM cloudtrail\nWHERE date_partition = '2026/11/29' AND useridentity.accesskeyid = 'ASIA5NODEROLE7STOLEN' AND sourceipaddress = '203.0.113.50'\nORDER BY eventtime");
        var shared = await kernel.SubmitCodeAsync("#!share --from ct stolen\nstolen.Count");
        var insights = await kernel.SubmitCodeAsync("#!audit --start 2026-11-29T06:23:00Z --end 2026-11-29T06:24:00Z\nfilter objectRef.subresource = \"exec\" | fields @timestamp, user.username, @log");
        var bad = await kernel.SubmitCodeAsync("#!audit\nfilter verb = ");
        var badSql = await kernel.SubmitCodeAsync("#!ct\nSELECT nosuch FROM cloudtrail");

        sql.ShouldSucceed();
        var html = sql.Events.OfType<DisplayedValueProduced>().Last().FormattedValues.Single(v => v.MimeType == "text/html").Value;
        Assert.Contains(">ListBuckets</td>", html);
        Assert.Contains("4 rows; read 13 of 14 files", html);
        // One of the 14 files (find … -name '*.json.gz') is of another day: one file, said in the singular.
        Assert.Contains("partition predicates left out 1 file", html);
        Assert.DoesNotContain("1 files", html);
        Assert.Contains("eksir-sortable", html);
        shared.ShouldSucceed();
        Assert.Equal(4, shared.Events.OfType<ReturnValueProduced>().Single().Value);
        insights.ShouldSucceed();
        var text = insights.Events.OfType<DisplayedValueProduced>().Last().FormattedValues.Single(v => v.MimeType == "text/plain").Value;
        Assert.Contains("dev-intern", text);
        Assert.Contains("/aws/eks/eksworkshop-eksctl/cluster", text);
        Assert.Contains("2 rows", text);
        Assert.Equal("line 1, column 14: expected a field, a value or a function, found the end of the query", Assert.Single(bad.Events.OfType<CommandFailed>()).Message);
        Assert.Contains("nosuch", Assert.Single(badSql.Events.OfType<CommandFailed>()).Message);

        var entries = new CaseJournal(journal).Read().Entries;
        Assert.Equal(["connect cloudtrail", "connect insights", "sql", "insights", "insights", "sql"], entries.Skip(1).Select(e => e.Verb));
        // the control-plane files, read when connected: each whole once, with the SHA-256 of the file (its first bytes read before, to tell its shape)
        Assert.Equal(Directory.GetFiles(Repo.Path("sample-data", "incident-1", "control-plane")).Select(f => ("control-plane/" + Path.GetFileName(f), (string?)Sha256(f))).Order(),
            entries[2].EvidenceRead.Where(r => r.Sha256 is not null).Select(r => (r.Path, r.Sha256)).Order());
        var first = entries.First(e => e.Verb == "sql");
        Assert.Contains("ASIA5NODEROLE7STOLEN", first.Options["query"]);
        Assert.Equal(13, first.EvidenceRead.Count);
        Assert.All(first.EvidenceRead, r => Assert.Equal(Sha256(Path.Combine(Repo.Path("sample-data", "incident-1"), r.Path)), r.Sha256));
        Assert.Contains("4 rows", first.Summary);
        Assert.Equal(JournalOutcome.Failed, entries.Last().Outcome);
    }

    [Fact]
    public async Task Query_kernel_adds_the_kernels_connect_adds_with_no_connection_for_the_tool_to_remember()
    {
        using var kernel = await KernelFixture.CreateAsync();
        var evidence = _temp.Combine("evidence");
        foreach (var (from, to) in new[] { ("cloudtrail", "analyst's cloudtrail"), ("control-plane", "analyst's control-plane") })
        {
            foreach (var file in Directory.EnumerateFiles(Repo.Path("sample-data", "incident-1", from), "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(evidence, to, Path.GetRelativePath(Repo.Path("sample-data", "incident-1", from), file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        (await kernel.SubmitCodeAsync($"#!case open --name INC-12 --evidence \"{evidence}\"")).ShouldSucceed();

        var cloudTrail = await kernel.SubmitCodeAsync("#!query-kernel cloudtrail --kernel-name ct --path \"analyst's cloudtrail\"");
        var insights = await kernel.SubmitCodeAsync("#!query-kernel insights --kernel-name audit --path \"analyst's control-plane\"");
        var connected = await kernel.SubmitCodeAsync("#!connect cloudtrail --kernel-name viaconnect --path \"analyst's cloudtrail\"");
        var twice = await kernel.SubmitCodeAsync("#!query-kernel cloudtrail --kernel-name ct --path \"analyst's cloudtrail\"");
        var sql = await kernel.SubmitCodeAsync("#!ct\nSELECT count(*) AS events FROM cloudtrail WHERE date_partition = '2026/11/29' AND useridentity.accesskeyid = 'ASIA5NODEROLE7STOLEN' AND sourceipaddress = '203.0.113.50'");
        var same = await kernel.SubmitCodeAsync("#!viaconnect\nSELECT count(*) AS events FROM cloudtrail WHERE date_partition = '2026/11/29' AND useridentity.accesskeyid = 'ASIA5NODEROLE7STOLEN' AND sourceipaddress = '203.0.113.50'");
        var logs = await kernel.SubmitCodeAsync("#!audit\nfilter objectRef.subresource = \"exec\" | stats count(*) as execs");

        // The tool remembers a connection from the KernelInfoProduced whose ConnectionShortcutCode is set: #!connect's only.
        cloudTrail.ShouldSucceed();
        insights.ShouldSucceed();
        connected.ShouldSucceed();
        Assert.Null(Assert.Single(cloudTrail.Events.OfType<KernelInfoProduced>(), e => e.KernelInfo.LocalName == "ct").ConnectionShortcutCode);
        Assert.Null(Assert.Single(insights.Events.OfType<KernelInfoProduced>(), e => e.KernelInfo.LocalName == "audit").ConnectionShortcutCode);
        Assert.Equal("#!connect cloudtrail --kernel-name viaconnect --path \"analyst's cloudtrail\"",
            Assert.Single(connected.Events.OfType<KernelInfoProduced>(), e => e.KernelInfo.LocalName == "viaconnect").ConnectionShortcutCode);
        Assert.Contains("Kernel added: #!ct", cloudTrail.Events.OfType<DisplayedValueProduced>().Select(e => e.Value?.ToString()));
        Assert.Contains("ct", Assert.Single(twice.Events.OfType<CommandFailed>()).Message); // a name in use is refused, as #!connect refuses it
        // The same rows as #!connect's kernel: the 4 calls of the stolen node-role key from outside the VPC (as in the test above).
        sql.ShouldSucceed();
        same.ShouldSucceed();
        Assert.Contains("events\n------\n4\n", Text(sql));
        Assert.Equal(Text(sql), Text(same));
        logs.ShouldSucceed();
        Assert.Contains("execs", Text(logs));
        Assert.NotNull(kernel.FindKernelByName("audit"));
    }

    private static string Text(KernelCommandResult result) =>
        result.Events.OfType<DisplayedValueProduced>().Last().FormattedValues.Single(v => v.MimeType == "text/plain").Value;

    [Fact]
    public async Task A_cell_runs_a_playbook_query_by_name_with_its_parameters_and_decoded_columns()
    {
        using var kernel = await KernelFixture.CreateAsync();
        (await kernel.SubmitCodeAsync($"#!case open --name INC-13 --evidence \"{Repo.Path("sample-data", "incident-1")}\" --journal \"{_temp.Combine("case", "journal.jsonl")}\"")).ShouldSucceed();
        (await kernel.SubmitCodeAsync("#!connect insights --kernel-name audit --path control-plane")).ShouldSucceed();

        var execs = await kernel.SubmitCodeAsync("#!audit --template exec-commands\n# every kubectl exec, decoded");
        var creator = await kernel.SubmitCodeAsync("#!audit --template who-created-pod --param pod=sysdiag,namespace=default\n# who made the pod");
        var both = await kernel.SubmitCodeAsync("#!audit --template exec-commands\nfilter verb = \"get\"");

        execs.ShouldSucceed();
        var text = execs.Events.OfType<DisplayedValueProduced>().Last().FormattedValues.Single(v => v.MimeType == "text/plain").Value;
        Assert.Contains("sh -c '⏎mkdir -p /tmp/.x⏎", text); // the URL-encoded command= arguments, as kubectl sent them
        creator.ShouldSucceed();
        Assert.Contains("AKIA5DEVINTERN7EXMPL", creator.Events.OfType<DisplayedValueProduced>().Last().FormattedValues.Single(v => v.MimeType == "text/plain").Value);
        Assert.Contains("either --template NAME or the query", Assert.Single(both.Events.OfType<CommandFailed>()).Message);
    }

    [Fact]
    public async Task A_cloudtrail_kernel_writes_only_to_the_case_folder_unless_connected_with_external_access()
    {
        using var kernel = await KernelFixture.CreateAsync();
        var journal = _temp.Combine("case", "journal.jsonl");
        var note = _temp.Write("outside/note.txt", "analyst's note");
        (await kernel.SubmitCodeAsync($"#!case open --name INC-13 --evidence \"{Repo.Path("sample-data", "incident-1")}\" --case-dir \"{_temp.Combine("case")}\"")).ShouldSucceed();
        (await kernel.SubmitCodeAsync("#!connect cloudtrail --kernel-name ct --path cloudtrail")).ShouldSucceed();
        (await kernel.SubmitCodeAsync("#!connect cloudtrail --kernel-name open --path cloudtrail --allow-external-access")).ShouldSucceed();

        var export = await kernel.SubmitCodeAsync($"#!ct\nCOPY (SELECT DISTINCT eventname FROM cloudtrail ORDER BY 1) TO '{_temp.Combine("case", "names.csv")}' (HEADER false)");
        var refused = await kernel.SubmitCodeAsync($"#!ct\nSELECT content FROM read_text('{note}')");
        var allowed = await kernel.SubmitCodeAsync($"#!open\nSELECT content FROM read_text('{note}')");

        export.ShouldSucceed();
        Assert.Contains("ListBuckets", File.ReadAllLines(_temp.Combine("case", "names.csv")));
        Assert.Contains("--allow-external-access", Assert.Single(refused.Events.OfType<CommandFailed>()).Message);
        allowed.ShouldSucceed();
        Assert.Contains("analyst's note", allowed.Events.OfType<DisplayedValueProduced>().Last().FormattedValues.Single(v => v.MimeType == "text/plain").Value);
        Assert.Equal("true", new CaseJournal(journal).Read().Entries.Last(e => e.Verb == "connect cloudtrail").Options["--allow-external-access"]);
    }

    private static string Sha256(string file) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));

    [Fact]
    public async Task Athena_and_the_live_log_group_connect_with_the_endpoint_given_and_run_the_same_cells()
    {
        using var server = new FakeAwsServer(Repo.Path("sample-data", "incident-1", "aws"))
        {
            Athena = sql => ([("eventname", "varchar"), ("n", "bigint")], [["GetCallerIdentity", "2"]]),
            Insights = (query, start, end) => [[("@timestamp", "2026-11-29 06:24:05.417"), ("user.username", "dev-intern")]],
        };
        using var kernel = await KernelFixture.CreateAsync();
        var journal = _temp.Combine("case", "journal.jsonl");
        (await kernel.SubmitCodeAsync($"#!case open --name INC-12 --evidence \"{Repo.Path("sample-data", "incident-1")}\" --journal \"{journal}\"")).ShouldSucceed();
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", FakeAwsServer.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", FakeAwsServer.SecretKey);
        try
        {
            (await kernel.SubmitCodeAsync($"#!connect athena --kernel-name live --database cloudtrail_db --workgroup incident --region us-west-2 --endpoint-url {server.Url}")).ShouldSucceed();
            (await kernel.SubmitCodeAsync($"#!connect insights --kernel-name cwl --log-group /aws/eks/eksworkshop-eksctl/cluster --region us-west-2 --endpoint-url {server.Url}")).ShouldSucceed();
            var sql = await kernel.SubmitCodeAsync("#!live\nSELECT eventname, count(*) AS n FROM cloudtrail GROUP BY 1");
            var logs = await kernel.SubmitCodeAsync("#!cwl --start 2026-11-29T06:00:00Z --end 2026-11-29T07:00:00Z\nfilter objectRef.subresource = \"exec\" | fields @timestamp, user.username");

            sql.ShouldSucceed();
            Assert.Contains("GetCallerIdentity", sql.Events.OfType<DisplayedValueProduced>().Last().FormattedValues.Single(v => v.MimeType == "text/plain").Value);
            logs.ShouldSucceed();
            Assert.Contains("dev-intern", logs.Events.OfType<DisplayedValueProduced>().Last().FormattedValues.Single(v => v.MimeType == "text/plain").Value);
            Assert.All(server.Calls, c => Assert.True(c.Signed, c.Scope));
            var start = server.Calls.Single(c => c.Action == "StartQuery");
            Assert.Contains("\"startTime\":1795932000", start.Json); // 2026-11-29T06:00:00Z
            var entries = new CaseJournal(journal).Read().Entries;
            Assert.Equal(["connect athena", "connect insights", "sql", "insights"], entries.Skip(1).Select(e => e.Verb));
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", null);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", null);
        }
    }
}
