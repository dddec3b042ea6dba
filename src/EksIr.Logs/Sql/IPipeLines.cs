using System.Buffers;

namespace EksIr.Logs.Sql;

/// <summary>
/// What the evidence pipes do to a stream's lines on their way to the engine (<see cref="LineSelector"/> keeps some,
/// <see cref="LineTagger"/> marks each with where it is in the file). A session serves one stream.
/// </summary>
public interface IPipeLines
{
    /// <summary>One stream's session; <paramref name="offset"/> is where in the file its first byte is.</summary>
    IPipeLinesSession Start(long offset);
}

/// <summary>One stream's lines: fed its bytes in order, then finished.</summary>
public interface IPipeLinesSession
{
    /// <summary>Lines met so far (a line is counted once it ends, or at <see cref="Finish"/>).</summary>
    long Lines { get; }

    /// <summary>Takes the next bytes; what is sent on is written to <paramref name="output"/>.</summary>
    void Feed(ReadOnlySpan<byte> bytes, IBufferWriter<byte> output);

    /// <summary>The stream ended: its last line (without a newline) is dealt with.</summary>
    void Finish(IBufferWriter<byte> output);
}
