namespace Orchestrator.Core.Events;

/// <summary>
/// One stored event of the control plane: a session's state change, a worktree created or removed, an artifact,
/// an approval requested or resolved, a turn started or ended. <see cref="Id"/> grows by one per event and is what a
/// reader resumes from (the SSE <c>Last-Event-ID</c>).
/// </summary>
public sealed record ControlEvent(
    long Id,
    DateTimeOffset At,
    string Kind,
    string Summary,
    string? ProjectId = null,
    string? SessionId = null,
    long? AgentId = null,
    long? ChatId = null,
    string? Actor = null,
    string? Data = null);

/// <summary>An event to append: what <see cref="ControlEvent"/> is before the log gives it an id and a time.</summary>
public sealed record NewControlEvent(
    string Kind,
    string Summary,
    string? ProjectId = null,
    string? SessionId = null,
    long? AgentId = null,
    long? ChatId = null,
    string? Actor = null,
    string? Data = null);

/// <summary>Filters for <see cref="IEventLog.ListAsync"/>; null means any. Newest first, at most <see cref="Limit"/>.</summary>
public sealed record EventQuery(
    string? ProjectId = null,
    string? SessionId = null,
    string? Kind = null,
    long? AfterId = null,
    int Limit = 50,
    long? ChatId = null);
