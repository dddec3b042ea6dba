using EksIr.Tests;

namespace EksIr.NotebookRunner.Tests;

/// <summary>
/// On a <c>#!connect</c>, the .NET Interactive tool (1.0.712001) remembers the connection: it puts the <c>#!connect</c>
/// line and the cell that loaded the connecting package into a PowerShell <c>Set-Secret -Secret '…'</c> command
/// without escaping them, so a quote there breaks the command and the next <c>#!connect</c> hangs (Jupyter and VS Code,
/// from the second run in one home folder on). The playbooks add their query kernels with the extension's
/// <c>#!query-kernel</c>, which the tool does not remember, so their load cells and kernel lines may hold quotes; a
/// playbook that uses <c>#!connect</c> still may not.
/// </summary>
public sealed class PlaybookLoadCellsTests
{
    public static TheoryData<string> Playbooks() =>
        [.. Directory.EnumerateFiles(Repo.Path("notebooks"), "*.ipynb", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}cases{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(Repo.Root, p)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Playbooks))]
    public void A_playbook_that_connects_holds_no_quote_in_its_load_cell_or_connect_lines(string playbook)
    {
        var code = PlaybookCells.Code(playbook).Select(c => c.Source).ToList();

        var loadCells = code.Where(c => c.Contains("nuget:", StringComparison.Ordinal)).ToList(); // #i and #r lines, written out or sent from C#
        var connectLines = Lines(code).Where(l => l.StartsWith("#!connect", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(loadCells);
        Assert.DoesNotContain(connectLines, l => l.Contains('\'', StringComparison.Ordinal) || l.Contains('"', StringComparison.Ordinal));
        if (connectLines.Count > 0)
        {
            Assert.DoesNotContain(loadCells.SelectMany(c => c.Split('\n')), l => l.Contains('\'', StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Playbooks))]
    public void A_playbook_adds_its_query_kernels_with_query_kernel_which_the_tool_does_not_remember(string playbook)
    {
        var lines = Lines(PlaybookCells.Code(playbook).Select(c => c.Source)).ToList();

        Assert.DoesNotContain(lines, l => l.StartsWith("#!connect", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Lines(IEnumerable<string> cells) => cells.SelectMany(c => c.Split('\n')).Select(l => l.TrimStart());
}
