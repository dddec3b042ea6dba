using System.Security.Cryptography;
using System.Text;
using EksIr.Disk.Containers.Overlay;
using EksIr.Core.Evidence;
using EksIr.Core.FileSystems;

namespace EksIr.Disk.Containers;

/// <summary>
/// The <c>cat</c> verb's result: a file as the container saw it — its provenance (layer), lstat,
/// SHA-256 of the whole file, and a preview (text, or a hex dump when binary) of at most <see cref="PreviewBytes"/>.
/// </summary>
public sealed record ContainerFile(string Container, string Path, string Layer, string LayerPath, string Mode, long Size, uint Uid, uint Gid,
    string Modified, string Sha256, string Preview, bool PreviewIsHex, bool Truncated)
{
    public const int PreviewBytes = 64 * 1024;

    /// <summary>The file its bytes were written to (<c>--out</c>), when they were.</summary>
    public string? WrittenTo { get; init; }

    /// <param name="copyTo">Where the file's bytes are also written, exactly, as they are read (a command line's stdout), or null.</param>
    public static ContainerFile Read(EvidenceRoot root, string container, string path, Stream? copyTo = null)
    {
        var (record, fs) = ContainerFilesystems.Open(root, container, root.Recorder);
        var entry = fs.Lookup(RawPath.Parse(path), followFinalLink: true) ?? throw new EvidenceAccessException(path, $"no such file in container {record.Name}");
        using var stream = fs.OpenRead(path);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var preview = new MemoryStream();
        var buffer = new byte[1 << 16];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            sha.AppendData(buffer, 0, n);
            copyTo?.Write(buffer, 0, n);
            if (preview.Length < PreviewBytes)
            {
                preview.Write(buffer, 0, (int)Math.Min(n, PreviewBytes - preview.Length));
            }
        }

        var bytes = preview.ToArray();
        var binary = bytes.Contains((byte)0) || !IsUtf8(bytes);
        var layer = fs.Layers[entry.LayerIndex];
        return new ContainerFile(record.Name, entry.DisplayPath, layer.Id, layer.EvidencePath + entry.DisplayPath, entry.Status.ModeString(),
            entry.Status.Size, entry.Status.Uid, entry.Status.Gid, entry.Status.ModifyTime.ToString(), Convert.ToHexStringLower(sha.GetHashAndReset()),
            binary ? HexDump(bytes.AsSpan(0, Math.Min(bytes.Length, 4096))) : Encoding.UTF8.GetString(bytes), binary, entry.Status.Size > bytes.Length || (binary && bytes.Length > 4096));
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, true).GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    public static string HexDump(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        for (var offset = 0; offset < bytes.Length; offset += 16)
        {
            var line = bytes.Slice(offset, Math.Min(16, bytes.Length - offset));
            text.Append($"{offset:x8}  ");
            for (var i = 0; i < 16; i++)
            {
                text.Append(i < line.Length ? $"{line[i]:x2} " : "   ");
            }

            text.Append(' ');
            foreach (var b in line)
            {
                text.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
