namespace Orchestrator.Agents;

public enum AgentItemKind
{
    AgentMessage,
    Reasoning,
    CommandExecution,
    FileChange,
    ToolCall,
    WebSearch,
    Other,
}

public enum AgentItemStatus
{
    InProgress,
    Completed,
    Failed,
    Declined,
}

/// <summary>A file touched by a file-change item.</summary>
/// <param name="Kind"><c>add</c>, <c>delete</c> or <c>update</c>.</param>
public sealed record FileChange(string Path, string Kind, string? Diff);

/// <summary>A unit of work inside a turn, in an engine-neutral shape.</summary>
public sealed record AgentItem(
    string Id,
    AgentItemKind Kind,
    AgentItemStatus Status,
    string? Text = null,
    string? Command = null,
    string? Cwd = null,
    int? ExitCode = null,
    IReadOnlyList<FileChange>? Changes = null,
    string? ToolName = null);
