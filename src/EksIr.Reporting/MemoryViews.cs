using System.Globalization;
using EksIr.Core.Reporting;
using EksIr.Memory;
using EksIr.Memory.Volatility;

namespace EksIr.Reporting;

/// <summary>Rows of a process memory map (with the dump commands) and of an IOC scan, for tables.</summary>
public static class MemoryViews
{
    public static readonly string[] MapHeaders = ["PID", "Process", "Start", "End", "Size", "Prot", "File", "Flags", "Volatility 2 dump", "Volatility 3 dump"];

    public static IEnumerable<IReadOnlyList<string?>> MapRows(ProcessMaps maps) =>
        maps.Regions.Select(r =>
        {
            var (v2, v3) = ProcessMaps.DumpCommands(r, maps.Dump);
            return (IReadOnlyList<string?>)
                [r.Pid.ToString(CultureInfo.InvariantCulture), r.Process, $"0x{r.Start:x}", $"0x{r.End:x}", ByteSize.Format((long)Math.Min(r.Size, long.MaxValue)),
                 r.Protection, r.Path, string.Join("; ", r.Flags), v2, v3];
        });

    public static readonly string[] IocValueHeaders = ["Kind", "Value", "Hits", "First physical address"];

    public static IEnumerable<IReadOnlyList<string?>> IocValueRows(IocScan scan) =>
        scan.Values.Select(v => (IReadOnlyList<string?>)[v.Kind, v.Value, v.Count.ToString(CultureInfo.InvariantCulture), $"0x{v.FirstAddress:x}"]);

    public static readonly string[] IocHitHeaders = ["Physical address", "File offset", "Kind", "Value"];

    public static IEnumerable<IReadOnlyList<string?>> IocHitRows(IocScan scan) =>
        scan.Hits.Select(h => (IReadOnlyList<string?>)[$"0x{h.PhysicalAddress:x}", h.FileOffset.ToString(CultureInfo.InvariantCulture), h.Kind, h.Value]);
}
