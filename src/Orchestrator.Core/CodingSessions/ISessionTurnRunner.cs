namespace Orchestrator.Core.CodingSessions;

/// <summary>
/// Runs a coding session's turns on an agent engine. The host implements it over its turn machinery (engines, the live
/// chat message, approvals with requester rules), so Telegram and the HTTP API start turns through the same
/// <see cref="CodingSessionService"/> operations.
/// </summary>
public interface ISessionTurnRunner
{
    /// <summary>
    /// Starts a turn (opening the engine session, or resuming <see cref="CodingSession.ThreadId"/>). Throws when the
    /// engine cannot start; the returned <see cref="SessionTurn.Completion"/> never throws.
    /// </summary>
    Task<SessionTurn> StartTurnAsync(SessionTurnRequest request, CancellationToken cancellationToken = default);

    /// <summary>Interrupts the session's running turn; false when none runs.</summary>
    Task<bool> StopAsync(string sessionId, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// The session was archived: archive its engine thread too where the engine keeps a list of them (Codex
    /// <c>thread/archive</c>); nothing for engines without one. May throw; the archive stands either way.
    /// </summary>
    Task ArchiveThreadAsync(CodingSession session, CancellationToken cancellationToken = default);

    /// <summary>The session was deleted: delete its engine thread too where the engine can (Codex <c>thread/delete</c>).</summary>
    Task DeleteThreadAsync(CodingSession session, CancellationToken cancellationToken = default);
}

/// <param name="WorkingDirectory">The worktree (implement, plan) or the project's checkout (analyze, review).</param>
/// <param name="ReadOnly">Codex sandbox <c>read-only</c> with no approvals to ask (nothing can widen it), Claude <c>--permission-mode plan</c>.</param>
/// <param name="ThreadName">The name a newly started engine thread gets where the engine names threads (Codex <c>thread/name/set</c>).</param>
public sealed record SessionTurnRequest(CodingSession Session, string Prompt, string WorkingDirectory, bool ReadOnly, string? ThreadName = null);

/// <param name="ThreadId">The engine session the turn runs in (new, or the resumed one).</param>
public sealed record SessionTurn(string ThreadId, Task<SessionTurnResult> Completion);

/// <param name="FinalText">The agent's answer (the plan, for the plan action).</param>
/// <param name="EngineDiff">The turn's diff as the engine reported it (Codex <c>turn/diff/updated</c>), when it did.</param>
public sealed record SessionTurnResult(
    SessionTurnOutcome Outcome,
    string? Error,
    string FinalText,
    long InputTokens,
    long OutputTokens,
    string? EngineDiff = null);

public enum SessionTurnOutcome
{
    Completed,
    Stopped,
    Failed,
}
