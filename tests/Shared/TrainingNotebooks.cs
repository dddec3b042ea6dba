using System.Text.Json;
using System.Text.RegularExpressions;

namespace EksIr.Tests;

/// <summary>The training notebooks' answers and check cells, read from the notebooks themselves.</summary>
public static partial class TrainingNotebooks
{
    public static string Notebook(string name) => Repo.Path("notebooks", "training", name);

    /// <summary>A notebook's parameters cell: name → value (caseDir, q1 … q10).</summary>
    public static Dictionary<string, string> Parameters(string notebook) =>
        Declarations().Matches(Source(notebook, "parameters")).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    /// <summary>The solutions notebook's answers (and caseDir).</summary>
    public static Dictionary<string, string> SolutionAnswers() => Parameters(Notebook("eks-incident-walkthrough-solutions.ipynb"));

    /// <summary>Every #!check cell of a notebook: question → (kind, expect).</summary>
    public static Dictionary<string, (string Kind, string Expect)> Checks(string notebook) =>
        CheckLine().Matches(string.Join("\n", Sources(notebook))).ToDictionary(m => m.Groups[1].Value, m => (m.Groups[2].Value, m.Groups[3].Value));

    public static IEnumerable<string> Sources(string notebook) =>
        JsonDocument.Parse(File.ReadAllText(notebook)).RootElement.GetProperty("cells").EnumerateArray()
            .Select(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(l => l.GetString())));

    /// <summary>Text with every ISO 8601 time replaced, to compare two runs.</summary>
    public static string WithoutTimestamps(string text) => Timestamp().Replace(text, "<time>");

    private static string Source(string notebook, string tag) =>
        JsonDocument.Parse(File.ReadAllText(notebook)).RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("metadata").TryGetProperty("tags", out var tags) && tags.EnumerateArray().Any(t => t.GetString() == tag))
            .Select(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(l => l.GetString()))).Single();

    [GeneratedRegex("var (\\w+) = \"([^\"]*)\";")]
    private static partial Regex Declarations();

    [GeneratedRegex("#!check --question (\\w+) --answer @csharp:q\\w+ --kind (\\w+) --expect ([0-9a-f]{64})")]
    private static partial Regex CheckLine();

    [GeneratedRegex(@"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")]
    private static partial Regex Timestamp();
}
