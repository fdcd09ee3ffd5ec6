namespace Orchestrator.Agents.Codex;

/// <summary>An approval request from the app-server (<c>item/commandExecution/requestApproval</c> or <c>item/fileChange/requestApproval</c>).</summary>
/// <param name="RequestId">The JSON-RPC id as text (matches <c>serverRequest/resolved</c>).</param>
public sealed record CodexApprovalRequest(
    string RequestId,
    ApprovalKind Kind,
    string ThreadId,
    string TurnId,
    string ItemId,
    string? Reason,
    string? Command,
    string? Cwd);
