namespace Orchestrator.Bot.Sessions;

public static class TurnStatus
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Interrupted = "interrupted";
    public const string Failed = "failed";
}

/// <summary>One prompt given to an agent and how it ended.</summary>
public sealed record TurnRecord
{
    public long Id { get; init; }

    public required string AgentId { get; init; }

    public string? SessionId { get; init; }

    public required long ChatId { get; init; }

    public long TopicId { get; init; }

    public required long UserId { get; init; }

    public int? UpdateId { get; init; }

    public required string Prompt { get; init; }

    public string Status { get; init; } = TurnStatus.Running;

    public string? FinalText { get; init; }

    public string? Error { get; init; }

    public int? ReplyMessageId { get; init; }

    public long? InputTokens { get; init; }

    public long? OutputTokens { get; init; }

    public string StartedAt { get; init; } = "";

    public string? EndedAt { get; init; }
}
