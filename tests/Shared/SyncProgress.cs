namespace EksIr.Tests;

/// <summary>Progress reported on the caller's thread, in order, for tests that watch it.</summary>
public sealed class SyncProgress(Action<string> report) : IProgress<string>
{
    public void Report(string value) => report(value);
}
