namespace Orchestrator.Agents;

public enum ApprovalKind
{
    Command,
    FileChange,
    Tool,
}

public enum ApprovalDecision
{
    /// <summary>Allow this once.</summary>
    Approve,

    /// <summary>Allow this and similar requests for the rest of the session.</summary>
    ApproveForSession,

    /// <summary>Refuse; the turn continues and the model is told.</summary>
    Deny,

    /// <summary>Refuse and end the turn.</summary>
    Cancel,
}

/// <summary>A permission request from the agent.</summary>
/// <param name="Id">Opaque id to pass back with the decision.</param>
/// <param name="Command">The command line, for <see cref="ApprovalKind.Command"/> (and Claude's Bash tool).</param>
/// <param name="Cwd">The folder the command runs in.</param>
/// <param name="Reason">Why the agent wants it, when given.</param>
/// <param name="Changes">For file changes: the paths and diffs.</param>
/// <param name="ToolName">For <see cref="ApprovalKind.Tool"/>: the tool's name.</param>
public sealed record ApprovalRequest(
    string Id,
    ApprovalKind Kind,
    string? Command = null,
    string? Cwd = null,
    string? Reason = null,
    IReadOnlyList<FileChange>? Changes = null,
    string? ToolName = null);
