namespace Orchestrator.Agents;

/// <summary>One running turn of a session.</summary>
public interface IAgentTurn
{
    string TurnId { get; }

    /// <summary>
    /// The turn's events in order. The stream always ends with exactly one <see cref="TurnEnded"/>, also when the
    /// engine process dies (outcome <see cref="TurnOutcome.Failed"/>) or the turn is interrupted.
    /// </summary>
    IAsyncEnumerable<AgentEvent> Events { get; }

    /// <summary>Completes with the terminal event once the turn has ended.</summary>
    Task<TurnEnded> Completion { get; }

    /// <summary>Adds input to the running turn (Codex turn/steer, Claude queued message).</summary>
    Task SteerAsync(IReadOnlyList<AgentInput> input, CancellationToken cancellationToken = default);

    /// <summary>Interrupts the turn; the event stream then ends with outcome <see cref="TurnOutcome.Interrupted"/>.</summary>
    Task InterruptAsync(CancellationToken cancellationToken = default);

    /// <summary>Answers a pending <see cref="ApprovalRequested"/>. A late answer (turn over, already answered) is ignored.</summary>
    Task RespondToApprovalAsync(string approvalId, ApprovalDecision decision, CancellationToken cancellationToken = default);
}
