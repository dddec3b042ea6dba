namespace EksIr.Core.Evidence;

/// <summary>Receives every completed read of an evidence file (the case journal's source of "evidence read").</summary>
public interface IEvidenceReadRecorder
{
    void Record(EvidenceFileRead read);
}
