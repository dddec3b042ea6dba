using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Entities;

/// <summary>
/// The entity an analyst means by what they type: "kind:value" exactly (pid:5120, pod:default/sysdiag), or any value
/// as the sources write it (an access key, an ARN, a user, an address, a PID), a pod's name without its namespace, or
/// a container id prefix of at least 6 characters. Ambiguity is an error that lists the candidates.
/// </summary>
public static class EntityLookup
{
    public static EntityRef Resolve(IReadOnlyCollection<EntityRef> entities, string text)
    {
        var typed = text.Trim();
        var colon = typed.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && EntityKinds.All.Contains(typed[..colon]))
        {
            var (kind, value) = (typed[..colon], typed[(colon + 1)..]);
            return entities.Contains(new EntityRef(kind, value)) ? new EntityRef(kind, value) : One(typed, Candidates(entities.Where(e => e.Kind == kind), value));
        }

        var exact = entities.Where(e => e.Value == typed).ToList();
        return exact.Count == 1 ? exact[0] : exact.Count > 1 ? throw Ambiguous(typed, exact) : One(typed, Candidates(entities, typed));
    }

    private static List<EntityRef> Candidates(IEnumerable<EntityRef> entities, string value) =>
        entities.Where(e =>
                (e.Kind == EntityKinds.Pod && e.Value.EndsWith("/" + value, StringComparison.Ordinal)) ||
                (e.Kind == EntityKinds.Container && value.Length >= 6 && e.Value.StartsWith(value, StringComparison.OrdinalIgnoreCase)) ||
                string.Equals(e.Value, value, StringComparison.OrdinalIgnoreCase))
            .Distinct().ToList();

    private static EntityRef One(string typed, List<EntityRef> candidates) => candidates.Count switch
    {
        1 => candidates[0],
        0 => throw new InvestigationException($"'{typed}' names no entity of the timeline (kinds: {string.Join(", ", EntityKinds.All)}; a value as the sources write it, a pod name, a container id prefix of 6 or more characters)"),
        _ => throw Ambiguous(typed, candidates),
    };

    private static InvestigationException Ambiguous(string typed, IReadOnlyList<EntityRef> candidates) =>
        new($"'{typed}' names {candidates.Count} entities: {string.Join(", ", candidates.OrderBy(c => c.ToString(), StringComparer.Ordinal).Take(10))} — say which as kind:value");
}
