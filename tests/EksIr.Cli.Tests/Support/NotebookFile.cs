using System.Text.Json;
using System.Text.Json.Nodes;

namespace EksIr.Cli.Tests.Support;

/// <summary>Writes small .ipynb files for tests and reads executed ones back.</summary>
public static class NotebookFile
{
    public static string Write(string path, params (string Source, string[]? Tags)[] cells)
    {
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(cells.Select((c, i) => (JsonNode)new JsonObject
            {
                ["cell_type"] = "code",
                ["execution_count"] = null,
                ["id"] = $"c{i + 1}",
                ["metadata"] = c.Tags is null ? new JsonObject() : new JsonObject { ["tags"] = new JsonArray(c.Tags.Select(t => (JsonNode)t!).ToArray()) },
                ["outputs"] = new JsonArray(),
                ["source"] = c.Source,
            }).ToArray()),
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, notebook.ToJsonString());
        return path;
    }

    public static string Code(params string[] lines) => string.Join('\n', lines);

    public static JsonArray Cells(string path) => JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();

    /// <summary>Every output's text of a cell: stream text, each mime type's data, error values.</summary>
    public static string OutputText(JsonNode cell) =>
        cell["outputs"] is not JsonArray outputs ? "" : string.Join("\n", outputs.Select(o => o!["output_type"]!.GetValue<string>() switch
        {
            "stream" => Flatten(o["text"]),
            "error" => o["ename"] + ": " + o["evalue"],
            _ => string.Join("\n", o["data"]!.AsObject().Select(kv => Flatten(kv.Value))),
        }));

    private static string Flatten(JsonNode? node) =>
        node is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : node?.GetValue<string>() ?? "";

    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = true };
}
