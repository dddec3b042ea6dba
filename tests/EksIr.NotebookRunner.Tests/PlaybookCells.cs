using System.Text.Json;
using EksIr.Tests;

namespace EksIr.NotebookRunner.Tests;

/// <summary>A playbook's code cells as its .ipynb holds them: each cell's tags and source, in order.</summary>
internal static class PlaybookCells
{
    public static List<(List<string?> Tags, string Source)> Code(string playbook)
    {
        using var notebook = JsonDocument.Parse(File.ReadAllText(Repo.Path(playbook)));
        return notebook.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Select(c => (Tags: c.GetProperty("metadata").TryGetProperty("tags", out var t) ? t.EnumerateArray().Select(x => x.GetString()).ToList() : [],
                Source: string.Concat(c.GetProperty("source").EnumerateArray().Select(l => l.GetString()))))
            .ToList();
    }
}
