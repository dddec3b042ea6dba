using System.Text.RegularExpressions;

namespace EksIr.NotebookRunner.Tests;

/// <summary>
/// A parameter a playbook declares is one the analyst may set (eksir run -p, papermill, the notebook's own cell): each
/// is read by a later cell, as a C# name or as a magic command's @csharp: value; one that nothing reads would let
/// -p container=… change nothing.
/// </summary>
public sealed partial class PlaybookParametersTests
{
    [Theory]
    [MemberData(nameof(PlaybookLoadCellsTests.Playbooks), MemberType = typeof(PlaybookLoadCellsTests))]
    public void Every_declared_parameter_is_read_by_a_later_cell(string playbook)
    {
        var cells = PlaybookCells.Code(playbook);
        var at = cells.FindIndex(c => c.Tags.Contains("parameters"));
        if (at < 0)
        {
            return; // a notebook without parameters declares none
        }

        var declared = NotebookParameters.Declared(cells[at].Source).Keys;
        // A magic command reads a parameter only as @csharp:NAME (its option names and literal paths are not reads);
        // C# reads it by name outside comments and string literals.
        var lines = cells.Skip(at + 1).SelectMany(c => c.Source.Split('\n')).ToList();
        var magic = string.Join("\n", lines.Where(l => l.TrimStart().StartsWith("#!", StringComparison.Ordinal)));
        var csharp = string.Join("\n", lines.Where(l => !l.TrimStart().StartsWith("#!", StringComparison.Ordinal))
            .Select(l => Comments().Replace(Strings().Replace(l, "\"\""), "")));

        Assert.NotEmpty(declared);
        Assert.All(declared, name => Assert.True(
            Regex.IsMatch(magic, $@"@csharp:{name}\b") || Regex.IsMatch(csharp, $@"\b{name}\b"),
            $"{playbook}: parameter {name} is read by no later cell"));
    }

    /// <summary>
    /// Under Jupyter (.NET Interactive 1.0.712001, what CI installs) a magic command that takes two @csharp: values
    /// (#!logs --root @csharp:node --container @csharp:container) never returns: the cell hangs until the run times out,
    /// though eksir run (the packaged kernel) runs it. So a playbook's magic command takes one at the most.
    /// </summary>
    [Theory]
    [MemberData(nameof(PlaybookLoadCellsTests.Playbooks), MemberType = typeof(PlaybookLoadCellsTests))]
    public void No_magic_command_takes_two_csharp_values(string playbook)
    {
        var lines = PlaybookCells.Code(playbook).SelectMany(c => c.Source.Split('\n')).Where(l => l.TrimStart().StartsWith("#!", StringComparison.Ordinal));

        Assert.DoesNotContain(lines, l => Regex.Matches(l, "@csharp:").Count > 1);
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex("//[^\n]*")]
    private static partial Regex Comments();
}
