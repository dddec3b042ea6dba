using EksIr.Core.Evidence;
using EksIr.Logs.CloudTrail;
using EksIr.Logs.Insights;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Tests;

/// <summary>
/// An analyst's own SQL in the local engines: trusted with the evidence's tables, refused writes into the evidence,
/// files elsewhere and the network unless the analyst lifts the lockdown, and told why and how when refused.
/// </summary>
public sealed class LogEngineLockdownTests : IDisposable
{
    private readonly TempDir _temp = new();

    public LogEngineLockdownTests()
    {
        _temp.Write("evidence/cloudtrail/events.jsonl",
            """{"eventVersion":"1.09","eventTime":"2026-11-29T06:00:00Z","eventName":"GetCallerIdentity","awsRegion":"us-west-2"}""" + "\n");
        _temp.Write("evidence/logs/audit.jsonl", """{"kind":"Event","verb":"get","stageTimestamp":"2026-11-29T06:00:01Z"}""" + "\n");
        _temp.Write("outside/note.txt", "written by the analyst");
        Directory.CreateDirectory(_temp.Combine("case"));
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("COPY (SELECT eventname FROM cloudtrail) TO '{evidence}/cloudtrail/written.csv'")]
    [InlineData("COPY (SELECT 1 AS x) TO '{outside}/written.csv'")]
    [InlineData("SELECT * FROM read_text('{outside}/note.txt')")]
    [InlineData("SELECT * FROM read_text('/etc/hostname')")]
    [InlineData("SELECT * FROM read_json('{evidence}/cloudtrail/events.jsonl')")]
    [InlineData("ATTACH '{outside}/attached.db' AS other")]
    [InlineData("INSTALL httpfs")]
    [InlineData("LOAD httpfs")]
    [InlineData("SET enable_external_access = true")]
    [InlineData("SET allowed_directories = ['/']")]
    [InlineData("SELECT * FROM read_csv('https://example.com/x.csv')")]
    public void The_analysts_sql_is_refused_what_lies_outside_with_the_policy_and_the_switch_named(string sql)
    {
        var before = Fingerprint();
        using var trail = new CloudTrailLocal(new EvidenceRoot(_temp.Combine("evidence")), "cloudtrail");

        var refused = Assert.Throws<SqlQueryException>(() => trail.Query(sql.Replace("{evidence}", _temp.Combine("evidence")).Replace("{outside}", _temp.Combine("outside"))));
        var answer = trail.Query("SELECT eventname FROM cloudtrail");

        Assert.Contains("The log engine is locked down", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-external-access", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, Fingerprint());
        Assert.Equal("GetCallerIdentity", Assert.Single(answer.Rows)[0]);
    }

    [Fact]
    public void The_case_folder_is_open_to_the_analysts_sql_both_ways()
    {
        using var trail = new CloudTrailLocal(new EvidenceRoot(_temp.Combine("evidence")), "cloudtrail", new LogEngineOptions(CaseFolder: _temp.Combine("case")));

        trail.Query($"COPY (SELECT eventname FROM cloudtrail) TO '{_temp.Combine("case", "names.csv")}' (HEADER false)");
        var back = trail.Query($"SELECT * FROM read_csv('{_temp.Combine("case", "names.csv")}', header = false)");

        Assert.Equal("GetCallerIdentity\n", File.ReadAllText(_temp.Combine("case", "names.csv")));
        Assert.Equal("GetCallerIdentity", Assert.Single(back.Rows)[0]);
    }

    [Fact]
    public void A_case_folder_that_holds_the_evidence_is_not_opened_since_a_write_there_could_land_in_the_evidence()
    {
        var before = Fingerprint();
        using var trail = new CloudTrailLocal(new EvidenceRoot(_temp.Combine("evidence")), "cloudtrail", new LogEngineOptions(CaseFolder: _temp.Path));

        var refused = Assert.Throws<SqlQueryException>(() => trail.Query($"COPY (SELECT 1 AS x) TO '{_temp.Combine("evidence", "written.csv")}'"));

        Assert.Contains("--allow-external-access", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, Fingerprint());
    }

    [Fact]
    public void With_external_access_allowed_the_analysts_sql_reads_and_writes_files_elsewhere()
    {
        using var trail = new CloudTrailLocal(new EvidenceRoot(_temp.Combine("evidence")), "cloudtrail", new LogEngineOptions(AllowExternalAccess: true));

        var note = trail.Query($"SELECT content FROM read_text('{_temp.Combine("outside", "note.txt")}')");
        trail.Query($"COPY (SELECT eventname FROM cloudtrail) TO '{_temp.Combine("outside", "names.csv")}' (HEADER false)");

        Assert.Equal("written by the analyst", Assert.Single(note.Rows)[0]);
        Assert.Equal("GetCallerIdentity\n", File.ReadAllText(_temp.Combine("outside", "names.csv")));
    }

    [Fact]
    public void The_insights_engine_loads_its_logs_locked_down_and_with_external_access_alike()
    {
        using var locked = new InsightsLocal(new EvidenceRoot(_temp.Combine("evidence")), "logs");
        using var open = new InsightsLocal(new EvidenceRoot(_temp.Combine("evidence")), "logs", options: new LogEngineOptions(AllowExternalAccess: true));

        Assert.Equal("get", Assert.Single(locked.Query("fields verb").Rows)[0]);
        Assert.Equal("get", Assert.Single(open.Query("fields verb").Rows)[0]);
    }

    /// <summary>Every file under the temporary folder but the case folder: path, size, modification time, content.</summary>
    private List<string> Fingerprint() =>
        Directory.GetFiles(_temp.Path, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(_temp.Combine("case"), StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => $"{f} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O} {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}")
            .ToList();
}
