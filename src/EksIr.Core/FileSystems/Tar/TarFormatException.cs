namespace EksIr.Core.FileSystems.Tar;

/// <summary>An archive that cannot be read on from some point: the archive, the byte offset, and why.</summary>
public sealed class TarFormatException(string archive, long offset, string problem)
    : IOException($"{archive}: at byte {offset}: {problem}"), IAnalystError
{
    public string Archive { get; } = archive;

    public long Offset { get; } = offset;

    public string Problem { get; } = problem;
}
