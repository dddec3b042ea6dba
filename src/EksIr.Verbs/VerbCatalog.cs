namespace EksIr.Verbs;

/// <summary>Every verb declared here, in the order the help lists them; the notebook and the command line expose each of them (but a verb said to be the command line's only).</summary>
public static class VerbCatalog
{
    public static IReadOnlyList<VerbDeclaration> All { get; } =
    [
        .. Cases.CaseVerbs.All,
        .. Disk.DiskVerbs.All,
        .. Disk.ContainerFileVerbs.All,
        .. Memory.MemoryVerbs.All,
        .. Identification.IdentificationVerbs.All,
        .. Cluster.ClusterVerbs.All,
        .. Containment.ContainmentVerbs.All,
        .. Acquisition.AcquisitionVerbs.All,
        .. Acquisition.NodeCollectionVerbs.All,
        .. AcrossSources.InvestigationVerbs.All,
        .. Logs.LogQueryVerbs.All,
        .. Training.TrainingVerbs.All,
    ];
}
