namespace EksIr.Core.Evidence;

/// <summary>Collects evidence reads until drained; thread-safe. One log per verb invocation.</summary>
public sealed class EvidenceReadLog : IEvidenceReadRecorder
{
    private readonly List<EvidenceFileRead> _reads = [];
    private readonly Lock _lock = new();

    public void Record(EvidenceFileRead read)
    {
        lock (_lock)
        {
            _reads.Add(read);
        }
    }

    public IReadOnlyList<EvidenceFileRead> Drain()
    {
        lock (_lock)
        {
            var copy = _reads.ToArray();
            _reads.Clear();
            return copy;
        }
    }
}
