namespace EksIr.Logs.CloudTrail;

/// <summary>How a CloudTrail file holds its events.</summary>
public enum CloudTrailLayout
{
    /// <summary><c>{"Records": [ … ]}</c>, as S3 delivers them.</summary>
    Records,

    /// <summary>A JSON array of events.</summary>
    Array,

    /// <summary>One event per line (JSON lines), as tools that re-export CloudTrail write them.</summary>
    Lines,

    /// <summary>One event object over several lines, as AWS's documentation prints them (or several, one after another, as <c>jq .</c> prints them).</summary>
    Event,

    /// <summary>
    /// One event per line as Logstash's <c>cloudtrail</c> codec leaves it (logstash-codec-cloudtrail's decode moves
    /// <c>eventTime</c> to <c>@timestamp</c>; Logstash adds <c>@version</c> and prints the time with milliseconds).
    /// </summary>
    LogstashLines,

    /// <summary><c>aws cloudtrail lookup-events</c> output: <c>{"Events": [{"EventId": …, "CloudTrailEvent": "&lt;the event as a JSON string&gt;"}]}</c>.</summary>
    LookupEvents,
}

/// <summary>
/// One CloudTrail file in the evidence: its path there, its size, its layout, and the partitions its S3 path names
/// (AWSLogs/&lt;account&gt;/CloudTrail/&lt;region&gt;/&lt;yyyy&gt;/&lt;mm&gt;/&lt;dd&gt;/), null when it is not in that layout.
/// </summary>
public sealed record CloudTrailFile(string EvidencePath, long Size, CloudTrailLayout Layout, string? Account, string? Region, string? Date);
