using System.Globalization;

namespace EksIr.Core.Reporting;

/// <summary>A count with its noun in the right number: "1 row", "2 rows", "0 rows".</summary>
public static class Counted
{
    public static string Of(long count, string noun, string? plural = null) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : plural ?? noun + "s");
}
