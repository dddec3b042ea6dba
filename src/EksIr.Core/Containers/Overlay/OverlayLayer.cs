namespace EksIr.Core.Containers.Overlay;

/// <summary>
/// One directory of an overlay stack: its id (snapshot or layer id), the host path of the directory (bytes) and
/// the same directory as an evidence path (for the journal and for showing provenance).
/// </summary>
public sealed record OverlayLayer(string Id, byte[] HostPath, string EvidencePath);
