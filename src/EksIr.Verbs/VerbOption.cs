namespace EksIr.Verbs;

/// <summary>How an option takes its value.</summary>
public enum VerbOptionKind
{
    /// <summary>One value (<c>--container web</c>).</summary>
    Value,

    /// <summary>Set or not (<c>--hash</c>).</summary>
    Flag,

    /// <summary>Several values: comma-separated (<c>--step a,b</c>) in a cell and on the command line, or the option repeated (<c>--step a --step b</c>) on the command line (a cell takes an option once).</summary>
    List,

    /// <summary>
    /// Several values, each kept whole, commas and all: for values a comma belongs to (a regular expression's
    /// <c>{1,3}</c>, a user agent). On the command line the option repeated (<c>--regex a --regex b</c>); in a cell,
    /// where .NET Interactive refuses a parameter given twice, one value or a JSON array (<c>--regex ["a", "b"]</c>).
    /// </summary>
    Repeated,
}

/// <summary>
/// One option of a verb, the same in a notebook cell and on the command line: its name (with the dashes), what it is
/// for, how it takes its value, its default (shown in the help and used when absent), whether it must be given, and
/// whether a cell may give its value without the name (<c>#!cat /etc/passwd</c>).
/// <para>
/// An evidence option (<see cref="Evidence"/>) names a file or folder of the evidence: in a notebook a path inside the
/// case's evidence (relative to it, or absolute inside it); on the command line a path on this machine — inside the
/// case's evidence when the verb runs in a case (<c>--journal</c>), and journaled relative to it. One evidence option
/// may be the command line's positional argument (<see cref="Placeholder"/>, e.g. ROOT): required there (a command
/// line has no case to default to), named and defaulted in a cell. An evidence option that may also be a .tar/.tar.gz
/// of the folder (<see cref="Archive"/>) makes the command line offer where such an archive is unpacked.
/// Another option may be positional too (a container's PATH, a query): required on the command line when it is
/// required or has a default, else it may be left out there (a query replaced by a template).
/// </para>
/// <see cref="ValueName"/> is what the command line's usage calls the value (<c>--name N</c>); by default the name in capitals.
/// </summary>
public sealed record VerbOption(
    string Name,
    string Help,
    VerbOptionKind Kind = VerbOptionKind.Value,
    string? Default = null,
    bool Required = false,
    bool Implicit = false,
    bool Evidence = false,
    string? Placeholder = null,
    bool Archive = false,
    string? ValueName = null)
{
    /// <summary>
    /// The kind of the case's confirmed entities this option defaults to when not given (the pod to contain, the
    /// instance to acquire), in a case that holds exactly one; null when it does not. <see cref="FromCaseValue"/> takes
    /// the part of the entity the option wants (a pod's name or its namespace).
    /// </summary>
    public EksIr.Core.Cases.CaseEntityKind? FromCase { get; init; }

    /// <summary>The part of a confirmed entity the option takes (the whole value unless said).</summary>
    public Func<string, string> FromCaseValue { get; init; } = value => value;

    /// <summary>The help text with the default said.</summary>
    public string Described => (Default, FromCase) switch
    {
        (null, null) => Help,
        (null, { } kind) => $"{Help} (default: the case's {kind.Name})",
        ({ } d, null) => $"{Help} (default {d})",
        ({ } d, { } kind) => $"{Help} (default: the case's {kind.Name}, else {d})",
    };

    /// <summary>Whether the command line takes this option as its positional argument.</summary>
    public bool Positional => Placeholder is not null;

    /// <summary>Whether a positional option may be left out of the command line (neither required nor defaulted).</summary>
    public bool PositionalOptional => Positional && !Required && Default is null;

    public static VerbOption Flag(string name, string help) => new(name, help, VerbOptionKind.Flag);

    public static VerbOption List(string name, string help, bool required = false) => new(name, help, VerbOptionKind.List, Required: required);

    /// <summary>An option given once per value, each value kept whole (commas included).</summary>
    public static VerbOption Repeated(string name, string help, bool required = false) => new(name, help, VerbOptionKind.Repeated, Required: required);

    /// <summary>Whether the option may be given more than once (a list, or repeated).</summary>
    public bool Several => Kind is VerbOptionKind.List or VerbOptionKind.Repeated;

    /// <summary>A node's root (the folder holding var/lib/containerd, var/lib/docker, var/log; or a .tar/.tar.gz of it): ROOT on the command line, <c>--root</c> in a cell, where it defaults to the case's evidence root.</summary>
    public static VerbOption NodeRoot() =>
        new("--root", "the node's root inside the case evidence (holds var/lib/containerd, var/lib/docker)", Default: ".", Evidence: true, Placeholder: "ROOT", Archive: true);

    /// <summary>Which node disk under the evidence's node/ a verb reads (<see cref="Core.Evidence.NodeDisks"/>), when ROOT is an incident's evidence rather than one node's root.</summary>
    public static VerbOption NodeDisk() =>
        new("--node", "when ROOT is an incident's evidence: the node disk under node/ to read, by name (its archive's name without .tar.gz) or path (default: the only one)");
}
