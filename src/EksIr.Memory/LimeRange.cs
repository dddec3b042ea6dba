namespace EksIr.Memory;

/// <summary>
/// One range of physical memory in a dump: its first and last physical address (LiME's end is inclusive), where
/// its bytes start in the (decompressed) file — for AVML's compressed blocks, in the LiME file <c>avml convert</c> makes
/// of the dump — and how many of them the file holds.
/// </summary>
public sealed record LimeRange(ulong Start, ulong End, long Offset, long Size)
{
    /// <summary>The range's length by its header (end − start + 1); <see cref="Size"/> is less when the file is cut short.</summary>
    public ulong Length => End - Start + 1;

    /// <summary>The physical address of a file offset inside this range's data, or null when it is not inside.</summary>
    public ulong? PhysicalAddress(long fileOffset) =>
        fileOffset >= Offset && fileOffset < Offset + Size ? Start + (ulong)(fileOffset - Offset) : null;
}
