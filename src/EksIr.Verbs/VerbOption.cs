namespace EksIr.Verbs;

/// <summary>How an option takes its value.</summary>
public enum VerbOptionKind
{
    /// <summary>One value (<c>--container web</c>).</summary>
    Value,

    /// <summary>Set or not (<c>--hash</c>).</summary>
    Flag,

    /// <summary>Several values: comma-separated (<c>--step a,b</c>) or the option repeated (<c>--step a --step b</c>), in a cell and on the command line alike.</summary>
    List,
}

/// <summary>
/// One option of a verb, the same in a notebook cell and on the command line: its name (with the dashes), what it is
/// for, how it takes its value, its default (shown in the help and used when absent), whether it must be given, and
/// whether a cell may give its value without the name (<c>#!cat /etc/passwd</c>).
/// </summary>
public sealed record VerbOption(string Name, string Help, VerbOptionKind Kind = VerbOptionKind.Value, string? Default = null, bool Required = false, bool Implicit = false)
{
    /// <summary>The help text with the default said.</summary>
    public string Described => Default is null ? Help : $"{Help} (default {Default})";

    public static VerbOption Flag(string name, string help) => new(name, help, VerbOptionKind.Flag);

    public static VerbOption List(string name, string help, bool required = false) => new(name, help, VerbOptionKind.List, Required: required);
}
