namespace EksIr.Cloud.Kubernetes;

/// <summary>A container's log as the API server serves it (current, or the previous instance's after a restart).</summary>
public interface IPodLogReader
{
    Task<Stream> ReadLogAsync(string pod, string ns, string container, bool previous, CancellationToken cancellationToken = default);
}
