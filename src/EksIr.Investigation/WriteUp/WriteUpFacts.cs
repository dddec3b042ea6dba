using System.Globalization;

namespace EksIr.Investigation.WriteUp;

/// <summary>The write-up's facts and entity rows, shared by its HTML and Markdown.</summary>
public static class WriteUpFacts
{
    public static IReadOnlyList<IReadOnlyList<string?>> Rows(IncidentWriteUpModel m) =>
    [
        ["Case", m.Status.Name],
        ["Incident window (UTC, key events)", m.KeyRows.Count == 0 ? "" : $"{m.KeyRows[0].Time} to {m.KeyRows[^1].Time}"],
        ["Findings", m.Findings.Count.ToString(CultureInfo.InvariantCulture)],
        ["Timeline", m.Timeline?.Summary ?? "(none)"],
    ];

    public static readonly string[] EntityHeaders = ["Kind", "Entity", "Rows", "First seen (UTC)", "Last seen (UTC)", "Sources"];

    public static IEnumerable<IReadOnlyList<string?>> EntityRows(IncidentWriteUpModel m) =>
        m.Entities.Select(e => (IReadOnlyList<string?>)
            [e.Entity.Kind, e.Entity.Value, e.Rows.ToString(CultureInfo.InvariantCulture), e.First.ToString(), e.Last.ToString(), string.Join(", ", e.Sources)]);
}
