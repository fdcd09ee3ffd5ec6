using Microsoft.Extensions.Logging;

namespace Orchestrator.Bot.Sessions.History;

/// <summary>
/// Keeps the sessions table and the memory files up to date as <see cref="AgentChat"/> opens sessions and runs turns.
/// Bookkeeping never fails a turn: problems are logged.
/// </summary>
public sealed class SessionBook(SessionStore sessions, TurnStore turns, MemoryFiles memory, TimeProvider time, ILogger<SessionBook> logger)
{
    /// <summary>Raised after a finished turn's line was appended to its memory file (argument: the turn id).</summary>
    public event EventHandler<long>? TurnRecorded;

    /// <summary>A session of <paramref name="agent"/> was started or resumed: records it (once) and creates its memory file.</summary>
    public async Task SessionOpenedAsync(AgentRecord agent, string sessionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            var added = await sessions.AddAsync(
                new SessionRecord
                {
                    AgentId = agent.Id,
                    SessionId = sessionId,
                    Engine = agent.Engine,
                    Model = agent.Model,
                    WorkingDirectory = agent.WorkingDirectory,
                    Persona = agent.Persona,
                    StartedAt = now.ToString("O"),
                    LastUsedAt = now.ToString("O"),
                },
                cancellationToken);
            if (!added)
            {
                await sessions.TouchAsync(agent.Id, sessionId, now, cancellationToken);
            }

            await memory.CreateAsync(agent, sessionId, now, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not record session {SessionId} of agent {AgentId}", sessionId, agent.Id);
        }
    }

    /// <summary>A turn started: counts it in its session.</summary>
    public async Task TurnStartedAsync(string agentId, string sessionId, string prompt, CancellationToken cancellationToken)
    {
        try
        {
            await sessions.RecordTurnAsync(agentId, sessionId, prompt, time.GetUtcNow(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not count a turn of session {SessionId}", sessionId);
        }
    }

    /// <summary>Appends the turn's summary to the session's memory file once <paramref name="run"/> has ended.</summary>
    public void Track(TurnRun run, string agentId, string sessionId) => _ = RecordWhenEndedAsync(run, agentId, sessionId);

    private async Task RecordWhenEndedAsync(TurnRun run, string agentId, string sessionId)
    {
        try
        {
            await run.Completion.ConfigureAwait(false);
            var turn = await turns.GetAsync(run.TurnId).ConfigureAwait(false);
            if (turn is null)
            {
                return;
            }

            await memory.AppendTurnAsync(agentId, sessionId, turn, time.GetUtcNow()).ConfigureAwait(false);
            TurnRecorded?.Invoke(this, run.TurnId);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not write turn {TurnId} to the memory file of session {SessionId}", run.TurnId, sessionId);
        }
    }
}
