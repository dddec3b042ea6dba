using System.Globalization;
using EksIr.Core.Reporting;
using EksIr.Disk.Containers;

namespace EksIr.Reporting;

/// <summary>Rows of a container's layer stack, for tables (notebook and CLI alike).</summary>
public static class LayerViews
{
    public static readonly string[] Headers = ["#", "Role", "Layer", "Engine's name", "Entries", "Size", "Directory in the evidence"];

    public static IEnumerable<IReadOnlyList<string?>> Rows(ContainerLayers layers) =>
        layers.Layers.Select(l => (IReadOnlyList<string?>)
            [l.Index.ToString(CultureInfo.InvariantCulture), l.Role, l.Id, l.EngineName, l.Entries.ToString(CultureInfo.InvariantCulture),
             ByteSize.Format(l.Bytes), l.EvidencePath]);
}
