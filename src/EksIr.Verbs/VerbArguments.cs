using System.Globalization;

namespace EksIr.Verbs;

/// <summary>
/// The options a verb was given, checked against its declaration: a required option present, a list split on commas
/// and repeats (a repeated option's values kept whole), a default filled in, a number read as one; an optional value left
/// empty (a notebook parameter set to "") is as if not given, its default (a required one, or one the case would fill, goes to the verb, which says
/// what it needs). Built the same from a cell's directive and a command line.
/// </summary>
public sealed class VerbArguments
{
    private readonly VerbDeclaration _verb;
    private readonly Dictionary<string, List<string>> _values;
    private readonly HashSet<string> _flags;

    /// <param name="values">Each value option's values in the order given (a value option keeps its last).</param>
    /// <param name="flags">The flags set.</param>
    public VerbArguments(VerbDeclaration verb, IReadOnlyDictionary<string, IReadOnlyList<string>> values, IEnumerable<string> flags)
    {
        _verb = verb;
        _values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        _flags = new HashSet<string>(flags, StringComparer.Ordinal);
        foreach (var (name, given) in values)
        {
            var option = verb.Option(name);
            var kept = option.Kind == VerbOptionKind.List
                ? given.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList()
                : given.Where(v => v.Length > 0 || option.Required || option.FromCase is not null).ToList(); // an empty value given for what the case would fill is the analyst's, said by the verb
            if (kept.Count > 0)
            {
                _values[option.Name] = kept;
            }
        }

        foreach (var flag in _flags)
        {
            if (verb.Option(flag).Kind != VerbOptionKind.Flag)
            {
                throw new VerbUsageException($"{verb.Name}: {flag} takes a value");
            }
        }

        if (verb.Options.FirstOrDefault(o => o.Required && !_values.ContainsKey(o.Name) && !_flags.Contains(o.Name)) is { } missing)
        {
            throw new VerbUsageException($"{verb.Name}: {missing.Name} is required ({missing.Help})");
        }
    }

    /// <summary>A value option's value: the last given, else its default.</summary>
    public string? Value(string name) => _values.TryGetValue(Declared(name, VerbOptionKind.Value), out var v) && v.Count > 0 ? v[^1] : _verb.Option(name).Default;

    /// <summary>A value option that must be there (declared required, or taken from the case's context).</summary>
    public string Required(string name) => Value(name) ?? throw new VerbUsageException(_verb.Option(name).FromCase is { } kind
        ? $"{_verb.Name}: {name} is required ({_verb.Option(name).Help}): give it, or confirm the case's {kind.Name} first (case confirm {kind.Option} {kind.Shape}, or --confirm on the card that names it)"
        : $"{_verb.Name}: {name} is required");

    /// <summary>Whether the option was given (not its default).</summary>
    public bool Given(string name) => _values.ContainsKey(_verb.Option(name).Name) || _flags.Contains(name);

    /// <summary>These arguments with more values (options not given, filled in from the case).</summary>
    public VerbArguments With(IReadOnlyDictionary<string, string> filled)
    {
        var values = _values.ToDictionary(v => v.Key, v => (IReadOnlyList<string>)v.Value, StringComparer.Ordinal);
        foreach (var (name, value) in filled)
        {
            values[name] = [value];
        }

        return new VerbArguments(_verb, values, _flags);
    }

    public bool Flag(string name) => _flags.Contains(Declared(name, VerbOptionKind.Flag));

    /// <summary>A list (or repeated) option's values, in the order given.</summary>
    public IReadOnlyList<string> List(string name) =>
        _values.TryGetValue(Declared(name, _verb.Option(name).Kind == VerbOptionKind.Repeated ? VerbOptionKind.Repeated : VerbOptionKind.List), out var v) ? v : [];

    /// <summary>A whole number (the default when absent); "all" or another word is refused naming the option.</summary>
    public int? Int(string name, int? min = 0)
    {
        if (Value(name) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && (min is null || n >= min)
            ? n
            : throw new VerbUsageException($"{_verb.Name}: {name} takes a whole number{(min is { } m ? $" of at least {m}" : "")}, not '{text}'");
    }

    /// <summary>The options as given (not the defaults), for the case journal: lists joined with commas, a repeated option's values one a line (a value may hold a comma), flags "true".</summary>
    public Dictionary<string, string> ForJournal()
    {
        var options = _values.Where(v => v.Value.Count > 0)
            .ToDictionary(v => v.Key, v => string.Join(_verb.Option(v.Key).Kind == VerbOptionKind.Repeated ? "\n" : ",", v.Value), StringComparer.Ordinal);
        foreach (var flag in _flags)
        {
            options[flag] = "true";
        }

        return options;
    }

    /// <summary>The verb these arguments are for, to name it in what is said.</summary>
    public string VerbName => _verb.Name;

    /// <summary>Whether the verb declares an option of this name (a shared rule asks before it reads one only some verbs have).</summary>
    public bool Declares(string name) => _verb.Options.Any(o => o.Name == name);

    private string Declared(string name, VerbOptionKind kind) =>
        _verb.Option(name).Kind == kind ? name : throw new InvalidOperationException($"{_verb.Name} declares {name} as {_verb.Option(name).Kind}, not {kind}");
}
