namespace EksIr.Investigation.Timeline;

/// <summary>
/// Which rows of the super-timeline are shown: from the sources asked for (all when none), but for those left out, and
/// without <see cref="RoutineNoise"/> unless it is asked for. Sources are named as the Source column names them, or by
/// a group: audit (k8s-audit), disk or node (the node's containerd, docker, container-file and container-log rows).
/// </summary>
public sealed record TimelineFilter(IReadOnlySet<string>? Only, IReadOnlySet<string> Excluded, bool ShowNoise)
{
    public static readonly TimelineFilter Everything = new(null, new HashSet<string>(), true);

    private static readonly Dictionary<string, string[]> Groups = new(StringComparer.Ordinal)
    {
        ["audit"] = [TimelineSources.Audit],
        ["disk"] = [TimelineSources.Containerd, TimelineSources.Docker, TimelineSources.ContainerFile, TimelineSources.ContainerLog],
        ["node"] = [TimelineSources.Containerd, TimelineSources.Docker, TimelineSources.ContainerFile, TimelineSources.ContainerLog],
    };

    /// <summary>The filter of the options as given (each a comma-separated list, or null); a name that is no source is refused, naming the option.</summary>
    public static TimelineFilter Of(string? only, string? excluded, bool showNoise)
    {
        var onlySet = only is null ? null : Names("--source", only);
        return new TimelineFilter(onlySet is { Count: > 0 } ? onlySet : null, excluded is null ? new HashSet<string>() : Names("--exclude-source", excluded), showNoise);
    }

    private static HashSet<string> Names(string option, string given) =>
        given.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(name => TimelineSources.All.Contains(name) ? [name]
                : Groups.TryGetValue(name, out var group) ? group
                : throw new InvestigationException($"{option} {name}: not a source (one of {string.Join(", ", TimelineSources.All)}; or audit, disk)"))
            .ToHashSet(StringComparer.Ordinal);

    public bool KeepsSource(IncidentEvent e) => (Only is null || Only.Contains(e.Source)) && !Excluded.Contains(e.Source);

    public bool Keeps(IncidentEvent e) => KeepsSource(e) && (ShowNoise || !RoutineNoise.Is(e));

    /// <summary>The sources said in the summary ("cloudtrail, k8s-audit", "all but memory"), or null when every one is shown.</summary>
    public string? Said => (Only, Excluded.Count) switch
    {
        (null, 0) => null,
        (null, _) => "all sources but " + Ordered(Excluded),
        ({ } only, _) => Ordered(only.Except(Excluded)),
    };

    private static string Ordered(IEnumerable<string> sources) => string.Join(", ", TimelineSources.All.Where(sources.Contains));
}
