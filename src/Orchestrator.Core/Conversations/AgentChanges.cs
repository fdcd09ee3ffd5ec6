namespace Orchestrator.Core.Conversations;

/// <summary>An engine the bot can run, its default model and the models <c>/model</c> offers for it.</summary>
public sealed record EngineView(string Name, string? DefaultModel, IReadOnlyList<string> Models);

/// <summary>What to change on an agent (null: leave as is), as the Telegram commands <c>/rename</c>, <c>/engine</c>,
/// <c>/model</c>, <c>/folder</c> and <c>/persona</c> would.</summary>
public sealed record AgentChanges(
    string? Name = null,
    string? Emoji = null,
    string? Engine = null,
    string? Model = null,
    string? Folder = null,
    string? Persona = null);

/// <summary>The agent after a change; <see cref="NewSession"/> when the change starts a new session (<see cref="Notice"/> says so).</summary>
public sealed record AgentUpdated(AgentView Agent, bool NewSession, string Notice);

/// <summary>An image a turn's prompt carried (shown through <c>GET /images/{id}</c>).</summary>
public sealed record TurnImageView(long Id, string MimeType);
