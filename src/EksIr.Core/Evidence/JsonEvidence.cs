using System.Text.Json;

namespace EksIr.Core.Evidence;

/// <summary>
/// Reads a JSON evidence file with a size cap; a malformed file is an <see cref="EvidenceProblem"/>, never a crash,
/// and bytes that are not UTF-8 are replaced and said (<see cref="EvidenceJson"/>).
/// </summary>
internal static class JsonEvidence
{
    private const long MaxBytes = 32L << 20;

    public static JsonDocument? TryRead(EvidenceRoot root, string path, List<EvidenceProblem> problems)
    {
        try
        {
            var bytes = root.ReadAllBytes(path, MaxBytes);
            return EvidenceJson.Parse(bytes, path, problems, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            problems.Add(new EvidenceProblem(path, EvidenceJson.Where(e), "malformed JSON: " + EvidenceJson.Why(e)));
        }
        catch (EvidenceAccessException e)
        {
            problems.Add(new EvidenceProblem(path, "", e.Reason));
        }

        return null;
    }

    public static string? Str(this JsonElement e, params string[] path)
    {
        foreach (var name in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e))
            {
                return null;
            }
        }

        return e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => e.GetRawText(),
        };
    }

    public static JsonElement? Get(this JsonElement e, params string[] path)
    {
        foreach (var name in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e))
            {
                return null;
            }
        }

        return e.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : e;
    }

    public static bool Bool(this JsonElement e, params string[] path) => e.Get(path) is { ValueKind: JsonValueKind.True };

    public static IReadOnlyDictionary<string, string> StringMap(this JsonElement e, params string[] path)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (e.Get(path) is { ValueKind: JsonValueKind.Object } obj)
        {
            foreach (var property in obj.EnumerateObject())
            {
                map[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        return map;
    }

    public static IReadOnlyList<string> StringList(this JsonElement e, params string[] path) =>
        e.Get(path) is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToArray()
            : [];
}
