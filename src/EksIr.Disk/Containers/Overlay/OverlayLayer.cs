namespace EksIr.Disk.Containers.Overlay;

/// <summary>
/// One directory of an overlay stack: its id (snapshot or layer id), the directory's path on the evidence volume
/// (bytes), the same directory as an evidence path (for the journal and for showing provenance), and what the
/// engine calls it (containerd's snapshot key, Docker's layer chain id) where known.
/// </summary>
public sealed record OverlayLayer(string Id, byte[] VolumePath, string EvidencePath, string? EngineName = null);
