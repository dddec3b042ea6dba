using EksIr.Core.Reporting;

namespace EksIr.Verbs;

/// <summary>
/// An engine's progress in bytes as a line for the analyst ("read 512 MiB"), said every 256 MiB; and the point where
/// long byte work stops when the analyst asks (the call's cancellation is checked at every report).
/// </summary>
public sealed class ByteProgress(IProgress<string> progress, string what, CancellationToken cancellation = default) : IProgress<long>
{
    private const long Step = 256L << 20;
    private long _next = Step;

    public void Report(long value)
    {
        cancellation.ThrowIfCancellationRequested();
        if (value >= _next)
        {
            progress.Report($"{what} {ByteSize.Format(value)}");
            _next = (value / Step + 1) * Step;
        }
    }
}
