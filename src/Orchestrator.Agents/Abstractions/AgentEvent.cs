namespace Orchestrator.Agents;

/// <summary>Something that happened in a turn. Engines translate their wire protocol into these.</summary>
public abstract record AgentEvent;

/// <summary>A piece of the answer text of the message item <paramref name="ItemId"/>.</summary>
public sealed record TextDelta(string ItemId, string Delta) : AgentEvent;

/// <summary>An item (command, file change, message, reasoning, tool call) started.</summary>
public sealed record ItemStarted(AgentItem Item) : AgentEvent;

/// <summary>An item finished (its final state: exit code, full text, status).</summary>
public sealed record ItemCompleted(AgentItem Item) : AgentEvent;

/// <summary>The agent asks permission; answer with <see cref="IAgentTurn.RespondToApprovalAsync"/>.</summary>
public sealed record ApprovalRequested(ApprovalRequest Request) : AgentEvent;

/// <summary>A pending approval is no longer pending (answered, or resolved by the engine).</summary>
public sealed record ApprovalResolved(string ApprovalId) : AgentEvent;

/// <summary>Token usage so far (thread totals where the engine reports them).</summary>
public sealed record TokenUsageUpdated(TokenUsage Usage) : AgentEvent;

/// <summary>A non-fatal problem reported by the engine (e.g. a model error it retries itself).</summary>
public sealed record EngineWarning(string Message) : AgentEvent;

/// <summary>The last event of every turn.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Error">A human-readable reason when <paramref name="Outcome"/> is Failed.</param>
/// <param name="FinalText">The answer text of the turn's last agent message, when known.</param>
/// <param name="Usage">Token usage, when known.</param>
/// <param name="Diff">The turn's own diff as the engine tracked it (Codex <c>turn/diff/updated</c>: the file-change items'
/// edits, not a shell command's), when it sent one.</param>
public sealed record TurnEnded(TurnOutcome Outcome, string? Error = null, string? FinalText = null, TokenUsage? Usage = null, string? Diff = null) : AgentEvent;

public enum TurnOutcome
{
    Completed,
    Interrupted,
    Failed,
}

public sealed record TokenUsage(long InputTokens, long OutputTokens, long TotalTokens, decimal? CostUsd = null);
