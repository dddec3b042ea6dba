using EksIr.Core.Reporting;

namespace EksIr.Cli;

/// <summary>Progress of a long read on stderr, at most every 256 MiB, written at once (not posted to the thread pool as Progress&lt;T&gt; would).</summary>
public sealed class ProgressLine(TextWriter error, string verb) : IProgress<long>
{
    private const long Step = 256L << 20;
    private long _next = Step;

    public void Report(long value)
    {
        if (value >= _next)
        {
            error.WriteLine($"{verb} {ByteSize.Format(value)}");
            _next = (value / Step + 1) * Step;
        }
    }
}
