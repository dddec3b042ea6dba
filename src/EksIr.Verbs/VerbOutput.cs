namespace EksIr.Verbs;

/// <summary>
/// A command line's standard output handed to a verb that writes its result itself rather than through its text or
/// JSON renderer (<see cref="VerbDeclaration.WritesOutput"/>): a file's bytes exactly (<c>cat</c>), or a log too long to
/// hold, streamed. <see cref="OpenBytes"/> is stdout as bytes (evidence content, not redacted — a verb writing text
/// there redacts it itself); <see cref="Text"/> is stdout as text, redacted; <see cref="Json"/>: <c>--json</c> was given.
/// </summary>
public sealed record VerbOutput(Func<Stream> OpenBytes, TextWriter Text, bool Json)
{
    /// <summary>Whether stdout is a terminal (not a pipe or a file), where binary evidence would be taken as control sequences.</summary>
    public bool Terminal { get; init; }
}
