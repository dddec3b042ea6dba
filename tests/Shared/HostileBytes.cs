namespace EksIr.Tests;

/// <summary>A file with hostile byte sequences put in at chosen places, as the JSON readers' fuzzers make them.</summary>
public static class HostileBytes
{
    /// <summary>
    /// <paramref name="original"/> with <c>hostile[which[i]]</c> inserted at each of <paramref name="positions"/> (from
    /// the end, so earlier positions stay valid), each replacing the byte there when <paramref name="replace"/>.
    /// </summary>
    public static byte[] Put(byte[] original, int[] positions, int[] which, bool replace, byte[][] hostile)
    {
        var bytes = original.ToList();
        foreach (var (at, i) in positions.OrderDescending().Zip(which))
        {
            if (replace)
            {
                bytes.RemoveAt(at);
            }

            bytes.InsertRange(at, hostile[i]);
        }

        return [.. bytes];
    }
}
