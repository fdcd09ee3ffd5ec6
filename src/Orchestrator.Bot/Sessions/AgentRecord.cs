namespace Orchestrator.Bot.Sessions;

/// <summary>A named agent of a chat (or forum topic; topic 0 = none): persona, engine, model, working folder, current session.</summary>
public sealed record AgentRecord
{
    public required string Id { get; init; }

    public required long ChatId { get; init; }

    public long TopicId { get; init; }

    public required string Name { get; init; }

    public string Emoji { get; init; } = "🤖";

    public required string Engine { get; init; }

    public string? Model { get; init; }

    public required string WorkingDirectory { get; init; }

    public string? Persona { get; init; }

    /// <summary>The engine's session id (Codex thread id) to resume, or null before the first turn.</summary>
    public string? SessionId { get; init; }

    public string CreatedAt { get; init; } = "";

    /// <summary>A new agent of <paramref name="chat"/> with a fresh id and no session yet.</summary>
    public static AgentRecord New(ChatKey chat, string name, string engine, string emoji, string workingDirectory) => new()
    {
        Id = Guid.NewGuid().ToString("N")[..12],
        ChatId = chat.ChatId,
        TopicId = chat.TopicId,
        Name = name,
        Emoji = emoji,
        Engine = engine,
        WorkingDirectory = workingDirectory,
    };

    /// <summary>The agent a chat gets on first use: "default", with the configured engine and folder.</summary>
    public static AgentRecord Default(ChatKey chat, Engines.AgentsOptions options) =>
        New(chat, "default", options.DefaultEngine, "🤖", options.ResolvedDefaultWorkingDirectory);
}
