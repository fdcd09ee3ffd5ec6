using System.Text.Json;

namespace Orchestrator.Agents.Codex;

/// <summary>Makes Codex turn errors readable: a model error often arrives as the raw HTTP body <c>{"error":{"message":...}}</c>.</summary>
public static class CodexErrorMessage
{
    public static string Humanize(string message)
    {
        var trimmed = message.Trim();
        if (!trimmed.StartsWith('{'))
        {
            return message;
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed);
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                root = error;
            }

            return root.ValueKind == JsonValueKind.Object
                   && root.TryGetProperty("message", out var inner)
                   && inner.ValueKind == JsonValueKind.String
                   && !string.IsNullOrWhiteSpace(inner.GetString())
                ? inner.GetString()!
                : message;
        }
        catch (JsonException)
        {
            return message;
        }
    }
}
