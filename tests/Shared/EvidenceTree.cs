using System.Security.Cryptography;

namespace EksIr.Tests;

/// <summary>Proves evidence untouched: hash a whole tree before and after a verb.</summary>
public static class EvidenceTree
{
    /// <summary>A hash over every entry's path, link target, mode, owner, size, mtime, ctime and (regular files) content.</summary>
    public static string Hash(string root)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                     .Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(path);
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{Path.GetRelativePath(root, path)}|{info.LinkTarget}|{info.Attributes}|{(info.Exists ? info.Length : -1)}|{info.LastWriteTimeUtc.Ticks}\n"));
            var status = EksIr.Core.FileSystems.FileStatus.Lstat(path);
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{status?.Mode}|{status?.Uid}|{status?.Gid}|{status?.ModifyTime}|{status?.ChangeTime}\n"));
            if (status?.Kind == EksIr.Core.FileSystems.FileKind.File && status.Size < (1 << 26))
            {
                sha.AppendData(File.ReadAllBytes(path)); // regular files only: never open devices, FIFOs or sockets
            }
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
