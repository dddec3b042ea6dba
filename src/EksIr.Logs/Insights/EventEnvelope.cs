using System.Globalization;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Insights;

/// <summary>
/// How a JSON line's system fields are read, whichever way its keys are reached (one extracted list, or columns the
/// engine read): a CloudWatch event ({timestamp, message, logStreamName, ingestionTime}) or the logged event itself,
/// timed by its stageTimestamp / requestReceivedTimestamp / @timestamp / timestamp / time / eventTime, in that order.
/// One definition, so that the streamed reads and the case store time and name an event the same way.
/// </summary>
internal static class EventEnvelope
{
    /// <summary>The keys read: CloudWatch's envelope and the logged event's times.</summary>
    public static readonly IReadOnlyList<string> Keys = ["message", "timestamp", "logStreamName", "ingestionTime", "stageTimestamp", "requestReceivedTimestamp", "@timestamp", "time", "eventTime"];

    /// <summary>Whether the line is a CloudWatch event (a message and a time in milliseconds).</summary>
    public static string IsCloudWatch(Func<string, string> key) => $"({key("message")} IS NOT NULL AND TRY_CAST({key("timestamp")} AS BIGINT) IS NOT NULL)";

    /// <summary>Whether a CloudWatch event's message is a JSON object (fields are looked up only in those).</summary>
    public static string IsJsonMessage(Func<string, string> key) => $"(starts_with(ltrim({key("message")}), '{{') AND json_valid({key("message")}))";

    /// <summary>
    /// The columns @timestamp, @logStream, @log, @ingestionTime and <see cref="LogsTable.JsonFlag"/> (not @message),
    /// <paramref name="cloudWatch"/> being <see cref="IsCloudWatch"/> or a column holding it.
    /// </summary>
    public static string Columns(Func<string, string> key, string cloudWatch, LogFile file, string group)
    {
        var stem = SqlText.Literal(Path.GetFileNameWithoutExtension(file.EvidencePath));
        return $"CASE WHEN {cloudWatch} THEN make_timestamp(CAST({key("timestamp")} AS BIGINT) * 1000) " +
               $"ELSE TRY_CAST(coalesce({key("stageTimestamp")}, {key("requestReceivedTimestamp")}, {key("@timestamp")}, {key("timestamp")}, {key("time")}, {key("eventTime")}) AS TIMESTAMPTZ)::TIMESTAMP END AS \"@timestamp\", " +
               $"CASE WHEN {cloudWatch} THEN coalesce({key("logStreamName")}, {stem}) ELSE {stem} END AS \"@logStream\", {group} AS \"@log\", " +
               $"CASE WHEN {cloudWatch} THEN make_timestamp(TRY_CAST({key("ingestionTime")} AS BIGINT) * 1000) END AS \"@ingestionTime\", " +
               $"CASE WHEN {cloudWatch} THEN {IsJsonMessage(key)} ELSE true END AS {LogsTable.JsonFlag}";
    }

    /// <summary>A key's place in <see cref="Keys"/> as a 1-based SQL list index, for a list extracted in that order.</summary>
    public static string At(string list, string key) => $"{list}[{(Keys as IList<string>)!.IndexOf(key) + 1}]";
}
