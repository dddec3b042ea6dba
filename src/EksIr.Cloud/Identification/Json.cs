using System.Text.Json;

namespace EksIr.Cloud.Identification;

/// <summary>
/// Case-insensitive, type-checked reads of JSON evidence (the AWS CLI prints PascalCase, the APIs camelCase): a missing
/// key or a value of another type is null or empty, never an exception.
/// </summary>
public static class Json
{
    public static JsonElement? Get(JsonElement? element, string name)
    {
        if (element is not { ValueKind: JsonValueKind.Object } e)
        {
            return null;
        }

        foreach (var property in e.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    public static JsonElement? Path(JsonElement? element, string name) => Get(element, name) is { ValueKind: JsonValueKind.Object } child ? child : null;

    public static string? Text(JsonElement? element, string name) => Get(element, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    public static bool? Bool(JsonElement? element, string name) => Get(element, name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } v ? v.GetBoolean() : null;

    public static IEnumerable<JsonElement> Array(JsonElement? element, string name) =>
        Get(element, name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];
}
