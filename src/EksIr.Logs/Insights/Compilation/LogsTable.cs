namespace EksIr.Logs.Insights;

/// <summary>The table Logs Insights queries read locally: one row per log event, with its system fields.</summary>
public static class LogsTable
{
    public const string Name = "logs";

    /// <summary>Whether @message is a JSON object (fields are discovered only in those: a klog line is no error).</summary>
    public const string JsonFlag = "__json";

    public const string Columns = "\"@timestamp\" TIMESTAMP, \"@message\" VARCHAR, \"@logStream\" VARCHAR, \"@log\" VARCHAR, \"@ingestionTime\" TIMESTAMP, \"" + JsonFlag + "\" BOOLEAN";

    /// <summary>The system fields, as CloudWatch names them.</summary>
    public static readonly IReadOnlyList<string> SystemFields = ["@timestamp", "@message", "@logStream", "@log", "@ingestionTime"];

    /// <summary>Logs Insights returns at most 10,000 rows; without a limit command the local engine does the same.</summary>
    public const int MaxRows = 10_000;
}
