using System.Globalization;
using EksIr.Core.Evidence;
using EksIr.Core.Reporting;

namespace EksIr.Cloud.Identification;

/// <summary>
/// The <c>guardduty</c> verb: findings from whatever the analyst exported — <c>aws guardduty get-findings</c> output
/// ({"Findings": […]}, PascalCase), the API's own camelCase JSON, a single finding, a list of findings, the
/// EventBridge event ({"detail-type": "GuardDuty Finding", "detail": {…}}), Security Hub's ASFF export of GuardDuty
/// findings (<c>aws securityhub get-findings</c>), or GuardDuty's export to S3 (JSON lines, one camelCase finding per
/// line, <c>.jsonl</c> or <c>.jsonl.gz</c>). Keys are matched without regard to case; a finding that is not an object,
/// or has no type, is skipped and said. An answer with no finding (<c>{"Findings": []}</c>) is a file with no findings,
/// noted, not a problem.
/// </summary>
public sealed record GuardDutyFindings(string File, IReadOnlyList<GuardDutyFinding> Findings, IReadOnlyList<EvidenceProblem> Problems)
{
    /// <summary>What is worth knowing but is not wrong: the files that hold no finding.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// The findings in an export file, or in every .json, .json.gz, .jsonl and .jsonl.gz file of a folder. A file of a
    /// folder that cannot be read (not JSON, no finding in it) is a problem naming it and where it breaks; the folder's
    /// other files are read.
    /// </summary>
    public static GuardDutyFindings Read(EvidenceRoot root, string path)
    {
        if (!root.DirectoryExists(path))
        {
            return GuardDutyExportFile.Read(root, path, inFolder: false);
        }

        var unreadable = new List<EvidenceProblem>();
        var files = root.Walk(path, (p, why) => unreadable.Add(new EvidenceProblem(p, "folder", $"not readable: {why}; its findings are not listed")))
            .Where(e => e.Kind == EvidenceEntryKind.File && GuardDutyExportFile.IsExport(e.Path)).ToList();
        if (files.Count == 0)
        {
            throw new EvidenceAccessException(path.Length == 0 ? "." : path, "no findings export in this folder (.json, .json.gz, .jsonl or .jsonl.gz)");
        }

        var each = files.Select(f => GuardDutyExportFile.Read(root, f.Path, inFolder: true)).ToList();
        return new GuardDutyFindings(path, [.. each.SelectMany(f => f.Findings).OrderBy(f => f.Time)], [.. unreadable, .. each.SelectMany(f => f.Problems)])
        {
            Notes = [.. each.SelectMany(f => f.Notes)],
        };
    }

    public string Summary =>
        Findings.Count == 1
            ? $"{Findings[0].Type} ({Findings[0].SeverityLabel} {Findings[0].Severity.ToString("0.#", CultureInfo.InvariantCulture)}) on {Findings[0].Cluster ?? Findings[0].InstanceId ?? "?"}"
            : (Findings.Count == 0 && Notes.Count == 1 ? Notes[0] : Counted.Of(Findings.Count, "GuardDuty finding") + (Notes.Count > 0 ? $" ({Counted.Of(Notes.Count, "file")} with none)" : ""))
              + (Problems.Count > 0 ? $", {Counted.Of(Problems.Count, "problem")} (what was skipped or repaired)" : "");
}
