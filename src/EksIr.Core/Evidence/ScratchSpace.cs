namespace EksIr.Core.Evidence;

/// <summary>
/// Where an archive that cannot be read in place (gzip-compressed, or itself inside an archive) is unpacked for
/// reading, and how much room it may take there. The unpacked copy is an unnamed file in <see cref="Folder"/> (the
/// system's temporary folder — TMPDIR, else /tmp — unless given), never next to the evidence, gone when the archive is
/// closed. It may grow to <see cref="Limit"/> bytes; by default to half the space free in the folder when the archive
/// is opened, so that unpacking never fills the disk the analysis runs on and a gzip bomb (megabytes that unpack to
/// terabytes) stops there with an error naming the archive, the folder and the room it needed.
/// </summary>
public sealed record ScratchSpace(string? Folder = null, long? Limit = null)
{
    public static ScratchSpace Default { get; } = new();

    /// <summary>
    /// The scratch space an analyst asked for: a folder (null: the temporary folder) and a limit in bytes, or with a
    /// binary unit (K, M, G, T; "50G", "512MiB"); null: half the free space. A limit that is not a size is refused.
    /// </summary>
    public static ScratchSpace From(string? folder, string? limit) =>
        new(string.IsNullOrWhiteSpace(folder) ? null : folder, limit is null ? null : ParseSize(limit));

    private static long ParseSize(string text)
    {
        var trimmed = text.Trim();
        var digits = trimmed.TakeWhile(char.IsAsciiDigit).Count();
        var unit = trimmed[digits..].Trim().ToUpperInvariant().TrimEnd('B').TrimEnd('I');
        var shift = unit switch { "" => 0, "K" => 10, "M" => 20, "G" => 30, "T" => 40, _ => -1 };
        if (digits == 0 || shift < 0 || !long.TryParse(trimmed[..digits], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || number > long.MaxValue >> shift)
        {
            throw new ArgumentException($"'{text}' is not a size (bytes, or a number with K, M, G or T: 50G)");
        }

        return number << shift;
    }

    /// <summary>The folder unpacked archives go to.</summary>
    public string Where => Folder is { Length: > 0 } folder ? Path.GetFullPath(folder) : Path.GetTempPath();

    /// <summary>An unnamed read-write file in the folder, and how many bytes it may hold.</summary>
    internal (FileStream File, long Limit, string Why) Create()
    {
        var folder = Where;
        if (!Directory.Exists(folder))
        {
            throw new IOException($"{folder}: the scratch folder for unpacking archives does not exist");
        }

        var free = new DriveInfo(folder).AvailableFreeSpace;
        var (limit, why) = Limit is { } set
            ? (set, $"the limit set; {Reporting.ByteSize.Format(free)} free there")
            : (free / 2, $"the limit is half of the {Reporting.ByteSize.Format(free)} free there");
        var path = Path.Combine(folder, $"eksir-archive-{Guid.NewGuid():N}.tar");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 1 << 16);
        File.Delete(path); // unnamed from now on: gone when the handle closes, whatever happens
        return (file, limit, why);
    }
}
