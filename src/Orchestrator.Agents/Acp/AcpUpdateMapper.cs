using System.Text.Json;

namespace Orchestrator.Agents.Acp;

/// <summary>Reads the parts of <c>session/update</c> notifications that become <see cref="AgentEvent"/>s.</summary>
public static class AcpUpdateMapper
{
    /// <summary>The update's kind (<c>sessionUpdate</c>): <c>agent_message_chunk</c>, <c>tool_call</c>, <c>tool_call_update</c>...</summary>
    public static string? KindOf(JsonElement update) => AcpJson.Text(update, "sessionUpdate");

    /// <summary>The text of an <c>agent_message_chunk</c> whose content is a text block, else null.</summary>
    public static string? ChunkText(JsonElement update)
    {
        var content = AcpJson.Object(update, "content");
        return AcpJson.Text(content, "type") == "text" ? AcpJson.Text(content, "text") : null;
    }

    /// <summary>
    /// A <c>tool_call</c> (or a <c>tool_call_update</c> applied to <paramref name="previous"/>) as an item: <c>execute</c>
    /// with a command → a command execution ("⚙️ Running: …"), <c>edit</c>/<c>delete</c>/<c>move</c> → a file change,
    /// anything else → a tool call named by its title. Null without a tool call id.
    /// </summary>
    public static AgentItem? ToolItem(JsonElement update, AgentItem? previous)
    {
        var id = AcpJson.Text(update, "toolCallId") ?? previous?.Id;
        if (id is null)
        {
            return null;
        }

        var kind = AcpJson.Text(update, "kind");
        var title = AcpJson.Text(update, "title") ?? previous?.ToolName;
        var command = AcpJson.CommandOf(update) ?? previous?.Command;
        var status = AcpJson.Text(update, "status") switch
        {
            "completed" => AgentItemStatus.Completed,
            "failed" => AgentItemStatus.Failed,
            "pending" or "in_progress" => AgentItemStatus.InProgress,
            _ => previous?.Status ?? AgentItemStatus.InProgress,
        };
        var itemKind = kind switch
        {
            "execute" when command is not null => AgentItemKind.CommandExecution,
            "edit" or "delete" or "move" => AgentItemKind.FileChange,
            null when previous is not null => previous.Kind,
            _ when command is not null && previous?.Kind == AgentItemKind.CommandExecution => AgentItemKind.CommandExecution,
            _ => AgentItemKind.ToolCall,
        };
        var changes = itemKind == AgentItemKind.FileChange ? Locations(update) ?? previous?.Changes : null;
        return new AgentItem(id, itemKind, status, Command: command, ExitCode: ExitCode(update) ?? previous?.ExitCode, Changes: changes, ToolName: title ?? "a tool");
    }

    /// <summary>True for a terminal tool call status (<c>completed</c>, <c>failed</c>).</summary>
    public static bool IsFinished(AgentItem item) => item.Status is AgentItemStatus.Completed or AgentItemStatus.Failed;

    private static IReadOnlyList<FileChange>? Locations(JsonElement update)
    {
        if (update.ValueKind != JsonValueKind.Object || !update.TryGetProperty("locations", out var locations) || locations.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var changes = locations.EnumerateArray().Select(l => AcpJson.Text(l, "path")).OfType<string>().Select(p => new FileChange(p, "update", null)).ToList();
        return changes.Count == 0 ? null : changes;
    }

    /// <summary>Copilot reports a shell's exit code in <c>rawOutput.contents[].exitCode</c>.</summary>
    private static int? ExitCode(JsonElement update)
    {
        var output = AcpJson.Object(update, "rawOutput");
        if (output.ValueKind != JsonValueKind.Object || !output.TryGetProperty("contents", out var contents) || contents.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var content in contents.EnumerateArray())
        {
            if (AcpJson.Number(content, "exitCode") is { } code)
            {
                return (int)code;
            }
        }

        return null;
    }

    /// <summary>The usage of a prompt's result (<c>usage.inputTokens</c>, <c>outputTokens</c>, <c>totalTokens</c>), if any.</summary>
    public static TokenUsage? UsageOf(JsonElement result)
    {
        var usage = AcpJson.Object(result, "usage");
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var input = AcpJson.Number(usage, "inputTokens") ?? 0;
        var output = AcpJson.Number(usage, "outputTokens") ?? 0;
        return new TokenUsage(input, output, AcpJson.Number(usage, "totalTokens") ?? input + output);
    }
}
