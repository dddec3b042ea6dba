using EksIr.Core.Evidence;

namespace EksIr.Disk.Containers;

/// <summary>The containers found under a node root, and every record that was damaged or skipped (counted, never silent).</summary>
public sealed record ContainerListing(IReadOnlyList<ContainerRecord> Containers, IReadOnlyList<EvidenceProblem> Problems);
