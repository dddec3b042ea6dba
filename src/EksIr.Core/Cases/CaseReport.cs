using System.Text;
using EksIr.Core.Evidence;
using EksIr.Core.Reporting;

namespace EksIr.Core.Cases;

/// <summary>Writes the case write-up from the journal. Default place: <c>report.html</c> beside the journal.</summary>
public static class CaseReport
{
    public static CaseReportWritten Write(string journalPath, string? outputPath, TimeProvider clock, string workingDirectory)
    {
        var status = CaseStatus.FromJournal(Path.GetFullPath(journalPath, workingDirectory));
        var output = Path.GetFullPath(outputPath ?? Path.Combine(Path.GetDirectoryName(status.JournalPath)!, "report.html"), workingDirectory);
        if (status.EvidenceRoot is { } evidence && PathContainment.IsInside(evidence, output))
        {
            throw new CaseException($"{output}: the report would be inside the evidence folder; evidence is never written to");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.WriteAllText(output, CaseReportHtml.Render(status, clock.GetUtcNow()), new UTF8Encoding(false));
        return new CaseReportWritten(status.Name, output, status.Actions, status.EvidenceManifest.Count, status.DamagedLines.Count);
    }
}

/// <summary>Where the report went and what it covers.</summary>
public sealed record CaseReportWritten(string Case, string Path, int Actions, int EvidenceFiles, int DamagedJournalLines);
