using System.Globalization;
using EksIr.Core.Evidence;
using EksIr.Logs.Insights;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Tests;

/// <summary>
/// EKS control-plane component lines (kube-scheduler, kube-controller-manager, cloud-controller-manager, authenticator) as
/// an export of the log group holds them, read each way the engine reads an export: loaded, streamed one query at a time,
/// or taken into a case's store.
/// </summary>
public abstract class ControlPlaneSampleTests : IDisposable
{
    private readonly TempDir _temp = new();
    private readonly TempDir _case = new();

    /// <summary>Copies the named folders of tests/RealWorld/control-plane under the export folder, as they are.</summary>
    protected void CopySamples(params string[] samples)
    {
        foreach (var sample in samples)
        {
            var from = Repo.Path("tests", "RealWorld", "control-plane", sample);
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                _temp.Write(Path.Combine("control-plane", sample, Path.GetRelativePath(from, file)), File.ReadAllText(file));
            }
        }
    }

    /// <summary>Writes one file of the export (a generated one).</summary>
    protected void Write(string relative, string content) => _temp.Write(Path.Combine("control-plane", relative), content);

    public void Dispose()
    {
        _temp.Dispose();
        _case.Dispose();
        GC.SuppressFinalize(this);
    }

    protected InsightsLocal Logs(string mode) => new(new EvidenceRoot(_temp.Path), "control-plane", null,
        mode == "stored" ? new LogEngineOptions(CaseFolder: _case.Path) : null, oneShot: mode == "streamed");

    /// <summary>A playbook template's rows as text, the named columns joined by '|'; nothing may be skipped.</summary>
    protected static async Task<List<string>> RunAsync(InsightsLocal logs, string template, Dictionary<string, string> values, params string[] columns)
    {
        var result = await InsightsTemplates.QueryAsync(logs, template, values);
        Assert.Empty(result.Scan.Skipped);
        var names = result.Columns.Select(c => c.Name).ToList();
        return result.Rows.Select(r => string.Join("|", columns.Select(c => Text(r[names.IndexOf(c)])))).ToList();
    }

    protected static string? Text(object? value) => value switch
    {
        null => null,
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>A line of CloudWatch's S3 export: the event's time, a space, the event's text.</summary>
    protected static string S3ExportLine(DateTime time, string message) =>
        time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + " " + message + "\n";
}
