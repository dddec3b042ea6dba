using EksIr.Tests;

namespace EksIr.NotebookRunner.Tests;

/// <summary>
/// The .NET Interactive tool copies what a notebook runs before a #!connect, unescaped, into a PowerShell command that
/// remembers the connection; a quote character there leaves a parse error behind that makes the next #!connect hang
/// in Jupyter and VS Code (the second run in one home folder). So no playbook's load cell or #!connect line holds one,
/// comments included.
/// </summary>
public sealed class PlaybookLoadCellsTests
{
    public static TheoryData<string> Playbooks() =>
        [.. Directory.EnumerateFiles(Repo.Path("notebooks"), "*.ipynb", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}cases{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(Repo.Root, p)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Playbooks))]
    public void No_load_cell_or_connect_line_holds_a_quote_character(string playbook)
    {
        var code = PlaybookCells.Code(playbook).Select(c => c.Source).ToList();

        var loadCells = code.Where(c => c.Contains("nuget:", StringComparison.Ordinal)).ToList(); // #i and #r lines, written out or sent from C#
        var connectLines = code.SelectMany(c => c.Split('\n')).Where(l => l.TrimStart().StartsWith("#!connect", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(loadCells);
        Assert.DoesNotContain(loadCells.SelectMany(c => c.Split('\n')), l => l.Contains('\'', StringComparison.Ordinal));
        Assert.DoesNotContain(connectLines, l => l.Contains('\'', StringComparison.Ordinal) || l.Contains('"', StringComparison.Ordinal));
    }
}
