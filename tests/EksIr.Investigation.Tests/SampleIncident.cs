using EksIr.Core.Evidence;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Tests;

/// <summary>The training incident's super-timeline, built once for the tests that read it.</summary>
public sealed class SampleIncident
{
    private static readonly Lazy<Task<SuperTimeline>> Built = new(() =>
    {
        var root = new EvidenceRoot(Repo.Path("sample-data", "incident-1"));
        var (sources, _) = IncidentSources.Find(root);
        return SuperTimeline.BuildAsync(root, sources, TimeWindow.All);
    });

    public static Task<SuperTimeline> Timeline => Built.Value;
}
