using Orchestrator.Agents.Codex.Protocol;

namespace Orchestrator.Agents.Codex;

/// <summary>Maps Codex thread items to <see cref="AgentItem"/>.</summary>
public static class CodexItemMapper
{
    /// <summary>Returns the engine-neutral item, or null for items the user does not need to see (their own message).</summary>
    public static AgentItem? Map(CodexThreadItem item, bool completed)
    {
        var status = MapStatus(item.Status, completed);
        return item.Type switch
        {
            "userMessage" => null,
            "agentMessage" => new AgentItem(item.Id, AgentItemKind.AgentMessage, status, Text: item.Text),
            "reasoning" => new AgentItem(item.Id, AgentItemKind.Reasoning, status),
            "commandExecution" => new AgentItem(item.Id, AgentItemKind.CommandExecution, status, Command: item.Command, Cwd: item.Cwd, ExitCode: item.ExitCode),
            "fileChange" => new AgentItem(item.Id, AgentItemKind.FileChange, status, Changes: MapChanges(item.Changes)),
            "mcpToolCall" => new AgentItem(item.Id, AgentItemKind.ToolCall, status, ToolName: item.Server is null ? item.Tool : $"{item.Server}.{item.Tool}"),
            "dynamicToolCall" => new AgentItem(item.Id, AgentItemKind.ToolCall, status, ToolName: item.Tool),
            "webSearch" => new AgentItem(item.Id, AgentItemKind.WebSearch, status, Text: item.Query),
            _ => new AgentItem(item.Id, AgentItemKind.Other, status, ToolName: item.Type),
        };
    }

    public static IReadOnlyList<FileChange> MapChanges(IReadOnlyList<CodexFileUpdate>? changes) =>
        changes is null ? [] : [.. changes.Select(c => new FileChange(c.Path, c.Kind?.Type ?? "update", c.Diff))];

    public static AgentItemStatus MapStatus(string? status, bool completed) => status switch
    {
        "inProgress" => AgentItemStatus.InProgress,
        "completed" => AgentItemStatus.Completed,
        "failed" => AgentItemStatus.Failed,
        "declined" => AgentItemStatus.Declined,
        _ => completed ? AgentItemStatus.Completed : AgentItemStatus.InProgress,
    };

    /// <summary>Maps a decision to the Codex wire value.</summary>
    public static string MapDecision(ApprovalDecision decision) => decision switch
    {
        ApprovalDecision.Approve => "accept",
        ApprovalDecision.ApproveForSession => "acceptForSession",
        ApprovalDecision.Deny => "decline",
        ApprovalDecision.Cancel => "cancel",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, null),
    };
}
