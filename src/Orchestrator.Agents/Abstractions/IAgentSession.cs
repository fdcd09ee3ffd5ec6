namespace Orchestrator.Agents;

/// <summary>A conversation with an agent: a Codex thread or a Claude session. At most one turn runs at a time.</summary>
public interface IAgentSession : IAsyncDisposable
{
    /// <summary>The engine's own id (Codex thread id, Claude session id): stored, and passed to resume.</summary>
    string SessionId { get; }

    /// <summary>Starts a turn. Its events are read from <see cref="IAgentTurn.Events"/> until a <see cref="TurnEnded"/>.</summary>
    Task<IAgentTurn> StartTurnAsync(IReadOnlyList<AgentInput> input, CancellationToken cancellationToken = default);
}
