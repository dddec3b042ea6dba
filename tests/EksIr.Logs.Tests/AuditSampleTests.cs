using EksIr.Core.Evidence;
using EksIr.Logs.Insights;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Tests;

/// <summary>
/// A real audit log from tests/RealWorld/k8s-audit read as kube-apiserver's own audit.log, each way the engine reads an
/// export: loaded, streamed one query at a time, or taken into a case's store (where each event's text stays in the evidence).
/// </summary>
public abstract class AuditSampleTests : IDisposable
{
    private readonly TempDir _temp = new();
    private readonly TempDir _case = new();

    protected AuditSampleTests(string sample, Func<string, string>? made = null) =>
        _temp.Write("apiserver/audit.log", (made ?? (text => text))(File.ReadAllText(Repo.Path("tests", "RealWorld", "k8s-audit", sample))));

    public void Dispose()
    {
        _temp.Dispose();
        _case.Dispose();
        GC.SuppressFinalize(this);
    }

    protected InsightsLocal Logs(string mode) => new(new EvidenceRoot(_temp.Path), "apiserver", null,
        mode == "stored" ? new LogEngineOptions(CaseFolder: _case.Path) : null, oneShot: mode == "streamed");

    /// <summary>A playbook template's columns and rows; nothing may be skipped.</summary>
    protected static async Task<(List<string> Columns, IReadOnlyList<object?[]> Rows)> RunAsync(InsightsLocal logs, string template, Dictionary<string, string>? values = null)
    {
        var result = await InsightsTemplates.QueryAsync(logs, template, values ?? []);
        Assert.Empty(result.Scan.Skipped);
        return (result.Columns.Select(c => c.Name).ToList(), result.Rows);
    }
}
