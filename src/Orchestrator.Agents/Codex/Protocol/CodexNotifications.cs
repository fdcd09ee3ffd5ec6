using System.Text.Json;

namespace Orchestrator.Agents.Codex.Protocol;

// Server → client notifications and requests that the engine uses. Unknown fields are ignored.

public sealed record CodexTurnInfo(string Id, string? Status, CodexError? Error);

public sealed record CodexError(string? Message);

/// <summary><c>turn/started</c>, <c>turn/completed</c>.</summary>
public sealed record TurnNotification(string ThreadId, CodexTurnInfo Turn);

/// <summary><c>turn/diff/updated</c>: the turn's whole diff so far (Codex tracks the edits of its file-change items).</summary>
public sealed record TurnDiffNotification(string ThreadId, string TurnId, string Diff);

/// <summary><c>item/agentMessage/delta</c>.</summary>
public sealed record AgentMessageDeltaNotification(string ThreadId, string TurnId, string ItemId, string Delta);

/// <summary><c>item/started</c>, <c>item/completed</c>.</summary>
public sealed record ItemNotification(CodexThreadItem Item, string ThreadId, string TurnId);

/// <summary>A thread item; only the fields of the types the engine maps.</summary>
public sealed record CodexThreadItem(
    string Type,
    string Id,
    string? Status = null,
    string? Text = null,
    string? Command = null,
    string? Cwd = null,
    int? ExitCode = null,
    IReadOnlyList<CodexFileUpdate>? Changes = null,
    string? Server = null,
    string? Tool = null,
    string? Query = null);

public sealed record CodexFileUpdate(string Path, CodexPatchKind? Kind, string? Diff);

public sealed record CodexPatchKind(string Type);

/// <summary><c>error</c>: a failed model call; <paramref name="WillRetry"/> tells whether Codex retries by itself.</summary>
public sealed record ErrorNotification(CodexError? Error, bool WillRetry, string ThreadId, string? TurnId);

/// <summary><c>thread/tokenUsage/updated</c>.</summary>
public sealed record TokenUsageNotification(string ThreadId, string? TurnId, CodexTokenUsage TokenUsage);

public sealed record CodexTokenUsage(CodexTokenBreakdown Total, CodexTokenBreakdown? Last);

public sealed record CodexTokenBreakdown(long InputTokens, long OutputTokens, long TotalTokens);

/// <summary><c>serverRequest/resolved</c>.</summary>
public sealed record ServerRequestResolvedNotification(string ThreadId, JsonElement RequestId);

/// <summary><c>item/commandExecution/requestApproval</c> params.</summary>
public sealed record CommandApprovalParams(string ThreadId, string TurnId, string ItemId, string? Reason, string? Command, string? Cwd);

/// <summary><c>item/fileChange/requestApproval</c> params (the diff is in the preceding <c>item/started</c>).</summary>
public sealed record FileChangeApprovalParams(string ThreadId, string TurnId, string ItemId, string? Reason, string? GrantRoot);
