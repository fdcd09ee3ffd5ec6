namespace Orchestrator.Core.Conversations;

/// <summary>An agent as the API shows it.</summary>
public sealed record AgentView(
    string Id,
    long ChatId,
    long TopicId,
    string Name,
    string Emoji,
    string Engine,
    string? Model,
    string WorkingDirectory,
    string? Persona,
    string? SessionId,
    bool Current,
    long? RunningTurnId,
    string CreatedAt);

/// <summary>A new agent: in <see cref="ChatId"/> (default: the caller's private chat), with the default engine when null.</summary>
public sealed record NewAgent(string Name, string? Engine = null, long? ChatId = null, long TopicId = 0);

/// <summary>One turn of an agent's history: the prompt, the images it carried, and what the agent answered.</summary>
public sealed record AgentTurnView(
    long TurnId,
    string? SessionId,
    long UserId,
    string Prompt,
    string Status,
    string? Answer,
    string? Error,
    string StartedAt,
    string? EndedAt,
    IReadOnlyList<TurnImageView> Images);

/// <summary>A prompt from outside Telegram, with images uploaded before (their ids).</summary>
public sealed record PromptRequest(string Text, IReadOnlyList<long> ImageIds);

/// <summary>What became of a prompt: a new turn, or added to the running one (<see cref="Steered"/>).</summary>
public sealed record PromptAccepted(string AgentId, long TurnId, bool Steered);

/// <summary>
/// The agents and their conversations, for faces other than Telegram (the HTTP API, the CLI, the web dashboard). The
/// host implements it over the same code path Telegram messages and commands take (the same checks, the same audit
/// log): a prompt is echoed to the agent's Telegram chat as <c>[Web] …</c> or <c>[CLI] …</c> and its turn streams
/// there as if it had been typed. A caller sees the agents of their own private chat; an admin sees every agent.
/// </summary>
public interface IAgentConversations
{
    Task<IReadOnlyList<AgentView>> ListAsync(Caller caller, CancellationToken cancellationToken = default);

    Task<OperationResult<AgentView>> GetAsync(Caller caller, string agentId, CancellationToken cancellationToken = default);

    Task<OperationResult<AgentView>> CreateAsync(Caller caller, NewAgent agent, CancellationToken cancellationToken = default);

    /// <summary>The agent's turns, newest first, at most <paramref name="limit"/>.</summary>
    Task<OperationResult<IReadOnlyList<AgentTurnView>>> HistoryAsync(Caller caller, string agentId, int limit, CancellationToken cancellationToken = default);

    Task<OperationResult<PromptAccepted>> SendAsync(Caller caller, string agentId, PromptRequest prompt, CancellationToken cancellationToken = default);

    /// <summary>The engines <c>/model</c> offers, with their models (an engine whose list cannot be read has none).</summary>
    Task<IReadOnlyList<EngineView>> EnginesAsync(Caller caller, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes the agent's settings through the same code path as the Telegram commands (checks, audit, and the reset
    /// to a new session a change of engine, model, folder or persona makes); refused while one of its chat's turns runs.
    /// </summary>
    Task<OperationResult<AgentUpdated>> UpdateAsync(Caller caller, string agentId, AgentChanges changes, CancellationToken cancellationToken = default);

    /// <summary>Stops the agent's running turn (as /stop would); false when none runs.</summary>
    Task<OperationResult<bool>> StopAsync(Caller caller, string agentId, CancellationToken cancellationToken = default);
}
