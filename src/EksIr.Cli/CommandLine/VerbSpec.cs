namespace EksIr.Cli.CommandLine;

/// <summary>
/// A verb's command line: its positional arguments, options that take a value (some repeatable) and flags.
/// Option names are the notebook's (<c>--evidence</c> here is <c>--evidence</c> in <c>#!case open</c>).
/// </summary>
public sealed record VerbSpec(
    string Name,
    string Usage,
    string Summary,
    IReadOnlyList<string> Positionals,
    IReadOnlyDictionary<string, string> ValueOptions,
    IReadOnlyDictionary<string, string> Flags,
    IReadOnlySet<string>? Repeatable = null,
    IReadOnlySet<string>? Required = null)
{
    public string Help()
    {
        var lines = new List<string> { $"usage: eksir {Usage}", "", Summary, "" };
        lines.AddRange(ValueOptions.Select(o => $"  {o.Key,-22} {o.Value}"));
        lines.AddRange(Flags.Select(f => $"  {f.Key,-22} {f.Value}"));
        return string.Join('\n', lines) + "\n";
    }
}
