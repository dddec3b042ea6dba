using EksIr.Core.Evidence;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EksIr.Cloud.Kubernetes;

/// <summary>
/// Resource quantities (<c>"cpu": "500m"</c>) in a kubectl object, checked before KubernetesClient reads it: its
/// <c>ResourceQuantity</c> parser computes exponents exactly, so a crafted <c>"1e99999"</c> makes it run for minutes
/// (<c>1e9999</c> already takes seconds). A value that is not a quantity of a sane size — at most 64 characters and an
/// exponent of at most three digits, as every real one is — is replaced with "0" and named; the object is still read.
/// </summary>
public static partial class QuantityGuard
{
    /// <summary>Objects whose every value is a quantity, and single fields that are one.</summary>
    private static readonly HashSet<string> QuantityMaps = ["limits", "requests", "capacity", "allocatable", "overhead", "allocatedResources", "hard", "used"];
    private static readonly HashSet<string> QuantityFields = ["sizeLimit", "storage"];

    /// <summary>The object's JSON text, with unsafe quantities replaced and each replacement added to <paramref name="problems"/>.</summary>
    public static string Checked(JsonElement item, string file, string where, List<EvidenceProblem> problems)
    {
        var unsafeValues = new List<string>();
        Find(item, "", unsafeValues);
        if (unsafeValues.Count == 0)
        {
            return item.GetRawText();
        }

        var node = JsonNode.Parse(item.GetRawText())!;
        foreach (var pointer in unsafeValues)
        {
            var (parent, name) = Resolve(node, pointer);
            var shown = parent[name]!.GetValue<string>();
            problems.Add(new EvidenceProblem(file, $"{where}{pointer}",
                $"'{(shown.Length > 40 ? shown[..40] + "…" : shown)}' is not a Kubernetes quantity this reader parses (at most 64 characters, exponent of at most 3 digits); read as 0"));
            parent[name] = "0";
        }

        return node.ToJsonString();
    }

    private static void Find(JsonElement element, string pointer, List<string> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var at = pointer + "/" + property.Name;
                    if (QuantityMaps.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var quantity in property.Value.EnumerateObject())
                        {
                            if (quantity.Value.ValueKind == JsonValueKind.String && !IsSane(quantity.Value.GetString()!))
                            {
                                found.Add(at + "/" + quantity.Name);
                            }
                        }
                    }
                    else if (QuantityFields.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.String && !IsSane(property.Value.GetString()!))
                    {
                        found.Add(at);
                    }
                    else
                    {
                        Find(property.Value, at, found);
                    }
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var child in element.EnumerateArray())
                {
                    Find(child, $"{pointer}/{i++}", found);
                }

                break;
        }
    }

    private static bool IsSane(string value) => value.Length <= 64 && Quantity().IsMatch(value);

    private static (JsonNode Parent, string Name) Resolve(JsonNode root, string pointer)
    {
        var parts = pointer.Split('/')[1..];
        var current = root;
        foreach (var part in parts[..^1])
        {
            current = current is JsonArray array ? array[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : current[part]!;
        }

        return (current, parts[^1]);
    }

    // Kubernetes' quantity grammar (resource.Quantity): sign, digits with an optional fraction, then a binary or
    // decimal SI suffix or a decimal exponent.
    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3}|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$")]
    private static partial Regex Quantity();
}
