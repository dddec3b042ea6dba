namespace EksIr.Cli.CommandLine;

/// <summary>A parsed command line: positionals in order, option values (in order, per option) and flags set.</summary>
public sealed class ParsedArgs
{
    public List<string> Positionals { get; } = [];

    public Dictionary<string, List<string>> Values { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Flags { get; } = new(StringComparer.Ordinal);

    public string? Value(string option) => Values.TryGetValue(option, out var v) ? v[^1] : null;

    public IReadOnlyList<string> All(string option) => Values.TryGetValue(option, out var v) ? v : [];

    public bool Flag(string flag) => Flags.Contains(flag);

    public string Positional(int index) => Positionals[index];

    /// <summary>The options as given, for the case journal.</summary>
    public Dictionary<string, string> ForJournal()
    {
        var options = Values.ToDictionary(v => v.Key, v => string.Join(",", v.Value), StringComparer.Ordinal);
        foreach (var flag in Flags)
        {
            options[flag] = "true";
        }

        return options;
    }
}
