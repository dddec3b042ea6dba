using EksIr.Core.Cases;

namespace EksIr.Verbs.Cases;

/// <summary>
/// Fills a verb's options from the case's context: an option that defaults to one of the case's confirmed entities
/// (<see cref="VerbOption.FromCase"/>) and was not given takes it when the case holds exactly one of that kind, and
/// says so; several are refused, naming them, so that the analyst picks. Options that share a kind (a pod's name and
/// namespace) are filled together or not at all: a pod named by hand keeps its own namespace.
/// </summary>
public static class CaseDefaults
{
    public static (VerbCall Call, IReadOnlyList<string> Notes) Fill(VerbDeclaration verb, VerbCall call)
    {
        var wanting = verb.Options.Where(o => o.FromCase is not null).GroupBy(o => o.FromCase!.Name).ToList();
        if (call.Case is null || wanting.Count == 0)
        {
            return (call, []);
        }

        var context = call.Case.Context();
        var filled = new Dictionary<string, string>(StringComparer.Ordinal);
        var notes = new List<string>();
        foreach (var group in wanting)
        {
            if (group.Any(o => call.Arguments.Given(o.Name)))
            {
                continue;
            }

            var kind = group.First().FromCase!;
            var held = context.Of(kind);
            if (held.Count > 1)
            {
                throw new VerbUsageException($"{verb.Name}: the case holds {held.Count} {kind.Name}s ({string.Join(", ", held.Select(e => e.Value))}): " +
                    $"name the one to use with {string.Join(" and ", group.Select(o => o.Name))}");
            }

            if (held.Count == 1)
            {
                foreach (var option in group)
                {
                    filled[option.Name] = option.FromCaseValue(held[0].Value);
                }

                notes.Add($"{kind.Name} {held[0].Value}: taken from the case (confirmed from {held[0].Source})");
            }
        }

        return filled.Count == 0 ? (call, notes) : (call with { Arguments = call.Arguments.With(filled) }, notes);
    }
}
