using System.Text.Json;
using System.Text.Json.Nodes;

namespace EksIr.StdioDriver;

/// <summary>The protocol's envelopes as the VS Code extension writes them (its KernelCommandEnvelope.toJson).</summary>
public static class Envelopes
{
    /// <summary>A command's token: a new GUID's bytes in base64, as the extension makes them.</summary>
    public static string NewToken() => Convert.ToBase64String(Guid.NewGuid().ToByteArray());

    public static JsonObject SubmitCode(string token, string code, string kernelName, int cellIndex) => new()
    {
        ["commandType"] = "SubmitCode",
        ["command"] = new JsonObject
        {
            ["code"] = code,
            ["targetKernelName"] = kernelName,
            ["parameters"] = new JsonObject { ["cellIndex"] = cellIndex.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        },
        ["routingSlip"] = new JsonArray(),
        ["token"] = token,
    };

    public static JsonObject Quit() => new()
    {
        ["commandType"] = "Quit",
        ["command"] = new JsonObject(),
        ["routingSlip"] = new JsonArray(),
        ["token"] = NewToken(),
    };

    /// <summary>The client's own KernelReady, sent once the tool's has arrived: its composite kernel, named vscode.</summary>
    public static JsonObject ClientReady() => new()
    {
        ["eventType"] = "KernelReady",
        ["event"] = new JsonObject
        {
            ["kernelInfos"] = new JsonArray(new JsonObject
            {
                ["isComposite"] = true,
                ["isProxy"] = false,
                ["localName"] = "vscode",
                ["aliases"] = new JsonArray(),
                ["displayName"] = "vscode",
                ["uri"] = "kernel://vscode/",
                ["supportedKernelCommands"] = new JsonArray(),
                ["supportedDirectives"] = new JsonArray(),
            }),
        },
        ["routingSlip"] = new JsonArray("kernel://vscode/"),
    };

    public static JsonObject? Parse(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A display event's text/plain value (or its first value's), for the cell's log.</summary>
    public static string PlainText(JsonNode? displayEvent)
    {
        var values = displayEvent?["formattedValues"]?.AsArray() ?? [];
        var plain = values.FirstOrDefault(v => (string?)v?["mimeType"] == "text/plain") ?? values.FirstOrDefault();
        return (string?)plain?["value"] ?? "";
    }
}
