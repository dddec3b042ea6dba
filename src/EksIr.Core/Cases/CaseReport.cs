namespace EksIr.Core.Cases;

/// <summary>Where the write-up went (HTML, and its Markdown twin) and what it covers.</summary>
public sealed record CaseReportWritten(string Case, string Path, int Actions, int EvidenceFiles, int DamagedJournalLines, string? MarkdownPath = null,
    int Findings = 0, int TimelineRows = 0);
