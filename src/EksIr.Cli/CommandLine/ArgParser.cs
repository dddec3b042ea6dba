namespace EksIr.Cli.CommandLine;

/// <summary>
/// Parses argv against a <see cref="VerbSpec"/>: <c>--opt value</c>, <c>--opt=value</c>, flags, positionals,
/// and <c>--</c> to end options. Unknown options, missing values and missing arguments are usage errors.
/// </summary>
public static class ArgParser
{
    public static ParsedArgs Parse(VerbSpec spec, IReadOnlyList<string> args)
    {
        var parsed = new ParsedArgs();
        var onlyPositionals = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (onlyPositionals || !arg.StartsWith('-') || arg == "-")
            {
                parsed.Positionals.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                onlyPositionals = true;
                continue;
            }

            var name = arg;
            string? inlineValue = null;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                name = arg[..eq];
                inlineValue = arg[(eq + 1)..];
            }

            if (spec.Flags.ContainsKey(name) && inlineValue is null)
            {
                parsed.Flags.Add(name);
            }
            else if (spec.ValueOptions.ContainsKey(name))
            {
                var value = inlineValue ?? (i + 1 < args.Count ? args[++i] : throw Usage(spec, $"{name} needs a value"));
                if (!parsed.Values.TryGetValue(name, out var list))
                {
                    parsed.Values[name] = list = [];
                }
                else if (spec.Repeatable?.Contains(name) != true)
                {
                    throw Usage(spec, $"{name} is given twice");
                }

                list.Add(value);
            }
            else
            {
                throw Usage(spec, $"unknown option {name}");
            }
        }

        // A positional named with a trailing '?' is optional (it may be replaced by an option, as QUERY by --template).
        if (parsed.Positionals.Count < spec.Positionals.Count(p => !p.EndsWith('?')))
        {
            throw Usage(spec, $"missing {spec.Positionals[parsed.Positionals.Count]}");
        }

        if (parsed.Positionals.Count > spec.Positionals.Count)
        {
            throw Usage(spec, $"unexpected argument '{parsed.Positionals[spec.Positionals.Count]}'");
        }

        foreach (var required in spec.Required ?? new HashSet<string>())
        {
            if (!parsed.Values.ContainsKey(required))
            {
                throw Usage(spec, $"{required} is required");
            }
        }

        return parsed;
    }

    private static CliException Usage(VerbSpec spec, string problem) =>
        new($"{spec.Name}: {problem} (usage: eksir {spec.Usage})", usage: true);
}
