namespace EksIr.Core.Evidence;

public static class EvidenceFile
{
    /// <summary>Reads a whole evidence file into memory (recorded with its SHA-256), refusing files over <paramref name="limit"/>.</summary>
    public static byte[] ReadAllBytes(this EvidenceRoot root, string evidencePath, long limit = 1L << 30)
    {
        using var stream = root.OpenRead(evidencePath);
        if (stream.Length > limit)
        {
            throw new EvidenceAccessException(evidencePath, $"is {stream.Length} bytes, more than the {limit} this reader loads into memory");
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        stream.ReadByte(); // reach end of file so the read is recorded as whole, with its hash
        return bytes;
    }

    /// <summary>A file or folder named on a command line as an evidence root and a path in it (a folder is its own root).</summary>
    public static (EvidenceRoot Root, string Path) Locate(string hostPath)
    {
        var full = System.IO.Path.GetFullPath(hostPath);
        if (Directory.Exists(full))
        {
            return (new EvidenceRoot(full), "");
        }

        return File.Exists(full)
            ? (new EvidenceRoot(System.IO.Path.GetDirectoryName(full)!), System.IO.Path.GetFileName(full))
            : throw new EvidenceAccessException(hostPath, "no such file or folder");
    }
}
