using Orchestrator.Agents;

namespace Orchestrator.Bot.Sessions;

/// <summary>One line that says what the agent is doing, for the live message's footer.</summary>
public static class ActivityText
{
    public static string? Started(AgentItem item) => item.Kind switch
    {
        AgentItemKind.CommandExecution => $"⚙️ Running: {item.Command}",
        AgentItemKind.FileChange => $"📝 Changing {Paths(item)}",
        AgentItemKind.Reasoning => "💭 Thinking…",
        AgentItemKind.ToolCall => $"🔧 Using {item.ToolName ?? "a tool"}",
        AgentItemKind.WebSearch => "🔎 Searching the web…",
        AgentItemKind.AgentMessage => "✍️ Writing…",
        _ => null,
    };

    public static string? Completed(AgentItem item) => item.Kind switch
    {
        AgentItemKind.CommandExecution => item.Status switch
        {
            AgentItemStatus.Declined => $"🚫 Not run (declined): {item.Command}",
            _ when item.ExitCode is int code => $"{(code == 0 ? "✅" : "⚠️")} Ran: {item.Command} (exit {code})",
            _ => $"✅ Ran: {item.Command}",
        },
        AgentItemKind.FileChange => item.Status == AgentItemStatus.Declined ? $"🚫 Not changed (declined): {Paths(item)}" : $"📝 Changed {Paths(item)}",
        _ => null,
    };

    private static string Paths(AgentItem item)
    {
        var paths = item.Changes?.Select(c => Path.GetFileName(c.Path)).ToList() ?? [];
        return paths.Count switch
        {
            0 => "files",
            <= 3 => string.Join(", ", paths),
            _ => $"{string.Join(", ", paths.Take(3))} and {paths.Count - 3} more",
        };
    }
}
