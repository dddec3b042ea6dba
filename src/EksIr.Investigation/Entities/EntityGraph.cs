using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Entities;

/// <summary>
/// The entities of a super-timeline and how they link: two entities are linked by every row that names both (an
/// access key and an ARN by a CloudTrail event, an ARN and a Kubernetes user by an authenticator line, a user and a pod
/// by an audit event, a pod and a container id by containerd's labels, a container, its shim and its processes by
/// memory). The rows are the evidence behind the link.
/// </summary>
public sealed class EntityGraph
{
    private readonly Dictionary<EntityRef, Dictionary<EntityRef, List<IncidentEvent>>> _links = [];

    public EntityGraph(IEnumerable<IncidentEvent> events)
    {
        foreach (var e in events)
        {
            foreach (var a in e.Entities)
            {
                var links = Links(a);
                foreach (var b in e.Entities.Where(b => b != a))
                {
                    if (!links.TryGetValue(b, out var rows))
                    {
                        links[b] = rows = [];
                    }

                    rows.Add(e);
                }
            }
        }
    }

    public IReadOnlyCollection<EntityRef> Entities => _links.Keys;

    /// <summary>The entities linked to one, each with the rows naming both, in time order.</summary>
    public IReadOnlyDictionary<EntityRef, List<IncidentEvent>> Neighbours(EntityRef entity) =>
        _links.TryGetValue(entity, out var links) ? links : new Dictionary<EntityRef, List<IncidentEvent>>();

    /// <summary>
    /// Cluster components (system: users other than service accounts) link to everything they serve; a chain reaches
    /// them but does not go on through them.
    /// </summary>
    public static bool IsHub(EntityRef entity) =>
        entity.Kind == EntityKinds.KubernetesUser && entity.Value.StartsWith("system:", StringComparison.Ordinal)
        && !entity.Value.StartsWith("system:serviceaccount:", StringComparison.Ordinal);

    /// <summary>
    /// Every entity reachable from <paramref name="start"/> in at most <paramref name="maxHops"/> links, nearest first,
    /// each with the entity it was reached from and the rows behind that link.
    /// </summary>
    public EntityChain Chain(EntityRef start, int maxHops = 6)
    {
        var steps = new List<ChainStep> { new(start, 0, null, []) };
        var seen = new HashSet<EntityRef> { start };
        var frontier = new List<EntityRef> { start };
        var stopped = new List<EntityRef>();
        for (var hop = 1; hop <= maxHops && frontier.Count > 0; hop++)
        {
            var next = new List<EntityRef>();
            foreach (var from in frontier)
            {
                if (hop > 1 && IsHub(from))
                {
                    stopped.Add(from);
                    continue;
                }

                foreach (var (to, rows) in Neighbours(from).OrderBy(n => KindOrder(n.Key.Kind)).ThenBy(n => n.Key.Value, StringComparer.Ordinal))
                {
                    if (seen.Add(to))
                    {
                        steps.Add(new ChainStep(to, hop, from, rows));
                        next.Add(to);
                    }
                }
            }

            frontier = next;
        }

        var beyond = frontier.Where(f => Neighbours(f).Keys.Any(k => !seen.Contains(k))).ToList();
        return new EntityChain(start, steps, stopped, beyond, maxHops);
    }

    private static int KindOrder(string kind)
    {
        var i = EntityKinds.All.ToList().IndexOf(kind);
        return i < 0 ? 99 : i;
    }

    private Dictionary<EntityRef, List<IncidentEvent>> Links(EntityRef entity)
    {
        if (!_links.TryGetValue(entity, out var links))
        {
            _links[entity] = links = [];
        }

        return links;
    }
}

/// <summary>One entity of a chain: how many links from the start, reached from which entity, by which rows.</summary>
public sealed record ChainStep(EntityRef Entity, int Hops, EntityRef? Via, IReadOnlyList<IncidentEvent> Evidence);

/// <summary>
/// The entities linked to a start entity, nearest first. <see cref="NotFollowed"/>: cluster components reached but
/// not gone through; <see cref="Beyond"/>: entities at the hop limit with links further on.
/// </summary>
public sealed record EntityChain(EntityRef Start, IReadOnlyList<ChainStep> Steps, IReadOnlyList<EntityRef> NotFollowed, IReadOnlyList<EntityRef> Beyond, int MaxHops)
{
    public ChainStep? Find(EntityRef entity) => Steps.FirstOrDefault(s => s.Entity == entity);

    /// <summary>The links from the start to an entity, start first.</summary>
    public IReadOnlyList<ChainStep> PathTo(EntityRef entity)
    {
        var path = new List<ChainStep>();
        for (var step = Find(entity); step is not null; step = step.Via is { } via ? Find(via) : null)
        {
            path.Insert(0, step);
        }

        return path;
    }

    public string Summary =>
        $"{Start}: {Steps.Count - 1} linked {(Steps.Count == 2 ? "entity" : "entities")} within {MaxHops} {(MaxHops == 1 ? "link" : "links")}"
        + (NotFollowed.Count > 0 ? $"; not followed through cluster components {string.Join(", ", NotFollowed.Select(n => n.Value))}" : "")
        + (Beyond.Count > 0 ? $"; {Beyond.Count} entities at the limit link further (raise the hop limit)" : "");
}
