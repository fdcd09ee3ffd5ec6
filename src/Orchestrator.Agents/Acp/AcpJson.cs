using System.Text.Json;

namespace Orchestrator.Agents.Acp;

/// <summary>Tolerant readers of ACP's JSON: a missing or differently typed field reads as null.</summary>
internal static class AcpJson
{
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static long? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
        && value.TryGetInt64(out var number)
            ? number
            : null;

    public static JsonElement Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : default;

    /// <summary>The command line of a tool call: <c>rawInput.command</c> (a string, or an array of words).</summary>
    public static string? CommandOf(JsonElement toolCall)
    {
        var input = Object(toolCall, "rawInput");
        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty("command", out var command))
        {
            return null;
        }

        return command.ValueKind switch
        {
            JsonValueKind.String => command.GetString(),
            JsonValueKind.Array => string.Join(' ', command.EnumerateArray().Where(w => w.ValueKind == JsonValueKind.String).Select(w => w.GetString())),
            _ => null,
        };
    }
}
