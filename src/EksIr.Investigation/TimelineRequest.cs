using EksIr.Core.Evidence;
using EksIr.Core.Time;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation;

/// <summary>
/// What the analyst asks of the super-timeline (the same options for #!supertimeline, #!entity and eksir): the window,
/// where each source is when it is not where the playbook layout puts it, and which rows to show.
/// </summary>
public sealed record TimelineRequest(
    string? Start = null,
    string? End = null,
    string? CloudTrail = null,
    string? ControlPlane = null,
    string? GuardDuty = null,
    string? Memory = null,
    string? Node = null,
    string? Source = null,
    string? Entity = null,
    int Limit = 500)
{
    public TimeWindow Window() => TimeWindow.Of(Time("--start", Start), Time("--end", End));

    /// <summary>Sources left out of the rows shown (comma-separated, as <see cref="Source"/> names them; <see cref="Source"/> may name several too).</summary>
    public string? ExcludeSource { get; init; }

    /// <summary>Whether the rows shown include <see cref="RoutineNoise"/> (hidden, and counted, unless asked for).</summary>
    public bool Noise { get; init; }

    /// <summary>Which rows are shown, from <see cref="Source"/>, <see cref="ExcludeSource"/> and <see cref="Noise"/>.</summary>
    public TimelineFilter Filter() => TimelineFilter.Of(Source, ExcludeSource, Noise);

    /// <summary>
    /// The case folder, when the timeline is built in a case: the control-plane export is then read once into the case's
    /// store and a window reads only its part; without one, each build streams the export.
    /// </summary>
    public string? CaseFolder { get; init; }

    /// <summary>
    /// The playbook layout under the evidence root, with each source the request names instead ("-" leaves one out),
    /// and what the layout lacks (but for the sources named).
    /// </summary>
    public (IncidentSources Sources, IReadOnlyList<string> Notes) Sources(EvidenceRoot root)
    {
        var (found, missing) = IncidentSources.Find(root);
        string? Pick(string? given, string? layout, string option)
        {
            if (given is null)
            {
                return layout;
            }

            if (given == "-")
            {
                return null;
            }

            return root.DirectoryExists(given) || root.FileExists(given) ? given : throw new EvidenceAccessException(given, $"{option}: no such file or folder in the evidence");
        }

        // A node named by its name under node/ (an archive's name without .tar.gz) as well as by its path.
        var node = Node is { } nodeNamed && nodeNamed != "-" ? NodeDisks.Pick(root, nodeNamed) : Pick(Node, found.Node, "--node");
        var sources = new IncidentSources(Pick(GuardDuty, found.GuardDuty, "--guardduty"), Pick(CloudTrail, found.CloudTrail, "--cloudtrail"),
            Pick(ControlPlane, found.ControlPlane, "--control-plane"), Pick(Memory, found.Memory, "--memory"), node,
            node is null ? null : node == found.Node ? found.NodeName : IncidentSources.NodeNameOf(node),
            Node is null ? found.OtherNodes : null); // every node of the layout unless one is named
        var named = new[] { GuardDuty, CloudTrail, ControlPlane, Memory, Node };
        return (sources, named.All(n => n is null) ? missing : missing.Where(m => !named.Any(n => n is not null && m.Contains($"({n}", StringComparison.Ordinal))).ToList());
    }

    private static DateTimeOffset? Time(string option, string? text) =>
        text is null ? null : TimeOption.Parse(text) ?? throw new InvestigationException(TimeOption.NotATime(option, text));
}
