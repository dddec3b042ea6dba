namespace EksIr.Logs.Insights;

/// <summary>How a file holds control-plane log events.</summary>
public enum LogFileLayout
{
    /// <summary><c>aws logs filter-log-events</c> / <c>get-log-events</c> output: <c>{"events": [{logStreamName, timestamp, message, ingestionTime}]}</c>.</summary>
    CliEvents,

    /// <summary>One JSON object per line: CloudWatch events, or the events themselves (Kubernetes audit lines).</summary>
    JsonLines,

    /// <summary>CloudWatch Logs' export to S3: lines of "&lt;ISO timestamp&gt; &lt;message&gt;", one folder per log stream.</summary>
    S3Export,
}

public sealed record LogFile(string EvidencePath, long Size, LogFileLayout Layout);
