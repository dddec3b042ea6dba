using System.Security.Cryptography;

namespace EksIr.Tests;

/// <summary>Proves evidence untouched: hash a whole tree before and after a verb.</summary>
public static class EvidenceTree
{
    /// <summary>A hash over every entry's path, link target, attributes, size, mtime and content.</summary>
    public static string Hash(string root)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                     .Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(path);
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{Path.GetRelativePath(root, path)}|{info.LinkTarget}|{info.Attributes}|{(info.Exists ? info.Length : -1)}|{info.LastWriteTimeUtc.Ticks}\n"));
            if (info.Exists && info.LinkTarget is null && (info.Attributes & FileAttributes.Device) == 0 && info.Length < (1 << 26))
            {
                try
                {
                    sha.AppendData(File.ReadAllBytes(path));
                }
                catch (IOException)
                {
                }
            }
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
