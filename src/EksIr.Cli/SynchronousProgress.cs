namespace EksIr.Cli;

/// <summary>An IProgress that reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
