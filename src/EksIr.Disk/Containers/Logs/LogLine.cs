using EksIr.Core.Evidence;
using EksIr.Core.Reporting;
using EksIr.Core.Time;

namespace EksIr.Disk.Containers.Logs;

/// <summary>One log message as the container wrote it (partial chunks joined), with the file and line it came from.</summary>
public sealed record LogLine(PreciseTime? Time, string Stream, string Message, string File, long Line);

/// <summary>
/// The <c>logs</c> verb's result: the last <see cref="Lines"/> of a container's log (all, when no tail was asked),
/// how many messages there were, which files were read, and every line that could not be parsed.
/// </summary>
public sealed record ContainerLogs(ContainerRecord Container, IReadOnlyList<LogLine> Lines, long Total, IReadOnlyList<string> Files, IReadOnlyList<EvidenceProblem> Problems)
{
    /// <summary>Whether the messages were streamed to the analyst as they were read, none of them kept (<see cref="Lines"/> is empty).</summary>
    public bool Streamed { get; init; }

    public string Summary =>
        $"{Container.Name}: {Counted.Of(Total, "log message")} from {Counted.Of(Files.Count, "file")}" + (Streamed ? ", streamed" : Lines.Count < Total ? $", last {Lines.Count} shown" : "") +
        (Problems.Count > 0 ? $", {Counted.Of(Problems.Count, "unreadable line")} reported" : "");
}
