using EksIr.Investigation;
using Microsoft.DotNet.Interactive.Commands;

namespace EksIr.Kernel.Investigation;

/// <summary>The options #!supertimeline and #!entity share: the window and where each source is.</summary>
public abstract class TimelineCommand : KernelCommand
{
    public string? Start { get; set; }

    public string? End { get; set; }

    public string? CloudTrail { get; set; }

    public string? ControlPlane { get; set; }

    public string? GuardDuty { get; set; }

    public string? Memory { get; set; }

    public string? Node { get; set; }

    public TimelineRequest Request(string? source = null, string? entity = null, int? limit = null) =>
        new(Start, End, CloudTrail, ControlPlane, GuardDuty, Memory, Node, source, entity, limit ?? 500);

    public IEnumerable<(string, string?)> SourceOptions() =>
        [("--start", Start), ("--end", End), ("--cloudtrail", CloudTrail), ("--control-plane", ControlPlane), ("--guardduty", GuardDuty), ("--memory", Memory), ("--node", Node)];
}

/// <summary><c>#!supertimeline [--start T] [--end T] [--source S] [--entity X] [--limit N] [--export FILE [--format F]]</c></summary>
public sealed class ShowSuperTimeline : TimelineCommand
{
    public string? Source { get; set; }

    public string? Entity { get; set; }

    public int? Limit { get; set; }

    public string? Export { get; set; }

    public string? Format { get; set; }
}

/// <summary><c>#!entity ID [--hops N]</c></summary>
public sealed class ShowEntityChain : TimelineCommand
{
    public string? Id { get; set; }

    public int? Hops { get; set; }
}

/// <summary><c>#!finding --title T [--detail D] [--rows ID,…] [--entity X]</c></summary>
public sealed class RecordFinding : KernelCommand
{
    public string? Title { get; set; }

    public string? Detail { get; set; }

    public string? Rows { get; set; }

    public string? Entity { get; set; }
}
