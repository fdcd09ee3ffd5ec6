namespace Orchestrator.Bot.Sessions.History;

/// <summary>One engine session of an agent: the settings it started with and how much it was used.</summary>
public sealed record SessionRecord
{
    /// <summary>The row id (short: used in buttons).</summary>
    public long Id { get; init; }

    public required string AgentId { get; init; }

    /// <summary>The engine's session id (Codex thread id, Claude session id).</summary>
    public required string SessionId { get; init; }

    public required string Engine { get; init; }

    public string? Model { get; init; }

    public required string WorkingDirectory { get; init; }

    public string? Persona { get; init; }

    public string StartedAt { get; init; } = "";

    public string LastUsedAt { get; init; } = "";

    public int TurnCount { get; init; }

    public string? FirstPrompt { get; init; }
}
