using EksIr.Cli.CommandLine;
using EksIr.Core.Evidence;

namespace EksIr.Cli.Verbs;

/// <summary>
/// <c>--scratch DIR</c> and <c>--scratch-limit SIZE</c>, taken by every verb whose ROOT (or evidence) may be a gzip
/// archive that must be unpacked to be read; the same options as <c>#!case open</c>'s.
/// </summary>
internal static class ScratchOptions
{
    private static readonly Dictionary<string, string> Options = new()
    {
        [EksIr.Verbs.Cases.CaseVerbs.Scratch.Name] = EksIr.Verbs.Cases.CaseVerbs.Scratch.Described,
        [EksIr.Verbs.Cases.CaseVerbs.ScratchLimit.Name] = EksIr.Verbs.Cases.CaseVerbs.ScratchLimit.Described,
    };

    /// <summary>A verb's own value options and these two.</summary>
    public static Dictionary<string, string> With(Dictionary<string, string> own) => new(own.Concat(Options));

    /// <summary>The node root (folder or archive) named on the command line, with the scratch space asked for.</summary>
    public static EvidenceRoot OpenRoot(ParsedArgs args, string path) => EvidenceRoot.Open(path, scratch: Scratch(args));

    public static ScratchSpace Scratch(ParsedArgs args)
    {
        try
        {
            return ScratchSpace.From(args.Value("--scratch"), args.Value("--scratch-limit"));
        }
        catch (ArgumentException e)
        {
            throw new CliException("--scratch-limit: " + e.Message, usage: true);
        }
    }
}
