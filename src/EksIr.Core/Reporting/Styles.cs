namespace EksIr.Core.Reporting;

/// <summary>Inline CSS shared by the report and the notebook tables (no external stylesheet: offline use).</summary>
public static class Styles
{
    public const string Table =
        ".eksir-table,.eksir-summary{border-collapse:collapse;font-size:13px;margin:6px 0}" +
        ".eksir-table th,.eksir-table td,.eksir-summary td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}" +
        ".eksir-table td.n,.eksir-summary td.n{white-space:nowrap;overflow-wrap:normal}.eksir-table th{overflow-wrap:normal}" +
        ".eksir-table th{background:#f0f3f6}.eksir-summary td:first-child{font-weight:600;background:#f7f7f7}" +
        ".eksir-summary thead{display:none}.warning{color:#a40000;font-weight:600}" +
        ".eksir-oneline{table-layout:fixed;width:100%}" +
        ".eksir-oneline th:first-child{width:29ch}.eksir-oneline th:nth-child(2){width:12.5ch}" +
        ".eksir-oneline th:nth-child(3),.eksir-oneline th:nth-child(5){width:10%}.eksir-oneline th:last-child{width:21%}" +
        ".eksir-oneline td{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}" +
        ".eksir-oneline td:last-child{white-space:normal;overflow:visible;overflow-wrap:anywhere}" +
        ".eksir-oneline tr:hover td{white-space:normal;overflow-wrap:anywhere;overflow:visible}";

    /// <summary>
    /// A table whose rows are one line tall (long cells cut with an ellipsis; the last column — the row's id, what a
    /// finding cites — never cut, wrapped when longer than the column):
    /// pointing at a row shows it in full. For the super-timeline, where hundreds of rows are scanned by eye.
    /// The table takes the page's width whatever its cells hold (fixed layout), so every column is in sight in a
    /// 1,000 px window: in the super-timeline's column order, the time gets room for 30 characters (an RFC 3339 time
    /// with nanoseconds, never cut), the source for "container-file", the row id a fifth, the summary the rest.
    /// </summary>
    public const string OneLineRows = "eksir-oneline";

    public const string Report =
        "body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#1b1f23;max-width:1200px}" +
        "h1{border-bottom:2px solid #d0d7de;padding-bottom:6px}table{max-width:100%}" + Table;
}
