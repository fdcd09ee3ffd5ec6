using System.Text;
using System.Text.Json;
using Orchestrator.Agents.Claude.Protocol;

namespace Orchestrator.Agents.Claude;

/// <summary>Parses Claude Code stream-json output lines and the content found in them.</summary>
public static class ClaudeMessageParser
{
    /// <summary>Parses one stdout line. Returns false (with a reason) for a line that is not a JSON object message.</summary>
    public static bool TryParse(string line, out ClaudeOutputMessage? message, out string? error)
    {
        message = null;
        error = null;
        if (string.IsNullOrWhiteSpace(line))
        {
            error = "empty line";
            return false;
        }

        try
        {
            message = JsonSerializer.Deserialize(line, ClaudeJsonContext.Default.ClaudeOutputMessage);
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return false;
        }

        if (message?.Type is null)
        {
            error = "no message type";
            message = null;
            return false;
        }

        return true;
    }

    /// <summary>The content blocks of a message content (a plain string counts as one text block).</summary>
    public static IReadOnlyList<ClaudeContentBlock> Blocks(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return [new ClaudeContentBlock { Type = "text", Text = content.GetString() }];
            case JsonValueKind.Array:
                try
                {
                    return content.Deserialize(ClaudeJsonContext.Default.ListClaudeContentBlock) ?? [];
                }
                catch (JsonException)
                {
                    return [];
                }

            default:
                return [];
        }
    }

    /// <summary>The text of a tool_result content (a string, or the text blocks joined).</summary>
    public static string? Text(JsonElement content)
    {
        var blocks = Blocks(content);
        if (blocks.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var block in blocks.Where(b => b.Type == "text"))
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(block.Text);
        }

        return text.ToString();
    }

    /// <summary>A string property of a JSON object, or null.</summary>
    public static string? GetString(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
