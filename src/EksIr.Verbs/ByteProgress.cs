using EksIr.Core.Reporting;

namespace EksIr.Verbs;

/// <summary>An engine's progress in bytes as a line for the analyst ("read 512 MiB"), said every 256 MiB.</summary>
public sealed class ByteProgress(IProgress<string> progress, string what) : IProgress<long>
{
    private const long Step = 256L << 20;
    private long _next = Step;

    public void Report(long value)
    {
        if (value >= _next)
        {
            progress.Report($"{what} {ByteSize.Format(value)}");
            _next = (value / Step + 1) * Step;
        }
    }
}
