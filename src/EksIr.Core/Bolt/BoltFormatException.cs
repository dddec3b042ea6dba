namespace EksIr.Core.Bolt;

/// <summary>A bbolt file is damaged or not a bbolt file. Names the file, and the byte offset where known.</summary>
public sealed class BoltFormatException(string file, long? offset, string problem)
    : IOException(offset is { } at ? $"{file}: offset {at}: {problem}" : $"{file}: {problem}"), IAnalystError
{
    public string File { get; } = file;

    public long? Offset { get; } = offset;

    public string Problem { get; } = problem;
}
