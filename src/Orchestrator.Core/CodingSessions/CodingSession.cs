namespace Orchestrator.Core.CodingSessions;

/// <summary>
/// One task of one agent on one project: its lifecycle state, where it works (the project's checkout for analyze and
/// review; a worktree on its own branch for implement and plan), the engine thread it continues, and who asked.
/// </summary>
public sealed record CodingSession
{
    /// <summary>Short unique id (6 characters of <c>[a-z0-9]</c>), in commands, branch and folder names.</summary>
    public required string Id { get; init; }

    public required string ProjectId { get; init; }

    /// <summary>What the user named: an engine (<c>codex</c>, <c>claude</c>) or a named agent of the chat.</summary>
    public required string Agent { get; init; }

    public required string Engine { get; init; }

    /// <summary>One of <see cref="SessionActions"/>.</summary>
    public required string Action { get; init; }

    public required string Task { get; init; }

    public string? Model { get; init; }

    /// <summary>One of <see cref="SessionStates"/>.</summary>
    public required string State { get; init; }

    public string? Branch { get; init; }

    public string? WorktreePath { get; init; }

    public string? BaseCommit { get; init; }

    /// <summary>The engine's session (Codex thread id, Claude session id), to resume.</summary>
    public string? ThreadId { get; init; }

    public required long RequesterId { get; init; }

    public required string RequesterName { get; init; }

    public required long ChatId { get; init; }

    public long TopicId { get; init; }

    /// <summary>The chat message that announced the session (replies to it are follow-ups).</summary>
    public int? MessageId { get; init; }

    /// <summary>Why the session is in its state (a failure, who stopped it, "the bot restarted").</summary>
    public string? Reason { get; init; }

    public int Turns { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public bool UsesWorktree => SessionActions.UsesWorktree(Action);
}
