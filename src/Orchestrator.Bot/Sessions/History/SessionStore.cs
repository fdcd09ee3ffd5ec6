using Dapper;
using Orchestrator.Bot.Persistence;
using Orchestrator.Bot.Security;

namespace Orchestrator.Bot.Sessions.History;

/// <summary>The sessions of every agent, in SQLite (table <c>sessions</c>).</summary>
public sealed class SessionStore(BotDatabase database, SecretRedactor redactor)
{
    private const string Columns =
        "id, agent_id, session_id, engine, model, working_directory, persona, started_at, last_used_at, turn_count, first_prompt";

    /// <summary>Records a session the first time it is opened; true when it was new to the table.</summary>
    public async Task<bool> AddAsync(SessionRecord session, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var added = await connection.ExecuteAsync(
            """
            INSERT OR IGNORE INTO sessions (agent_id, session_id, engine, model, working_directory, persona, started_at, last_used_at, turn_count, first_prompt)
            VALUES (@AgentId, @SessionId, @Engine, @Model, @WorkingDirectory, @Persona, @StartedAt, @LastUsedAt, 0, NULL)
            """,
            session);
        return added > 0;
    }

    /// <summary>A turn started in the session: counts it, remembers the first prompt and the time.</summary>
    public async Task RecordTurnAsync(string agentId, string sessionId, string prompt, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            UPDATE sessions SET turn_count = turn_count + 1, last_used_at = @at, first_prompt = COALESCE(first_prompt, @prompt)
            WHERE agent_id = @agentId AND session_id = @sessionId
            """,
            new { agentId, sessionId, prompt = redactor.Redact(prompt), at = at.ToString("O") });
    }

    /// <summary>The session was opened again (resumed): it moves to the top of the list.</summary>
    public async Task TouchAsync(string agentId, string sessionId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE sessions SET last_used_at = @at WHERE agent_id = @agentId AND session_id = @sessionId",
            new { agentId, sessionId, at = at.ToString("O") });
    }

    /// <summary>The agent's sessions, most recently used first.</summary>
    public async Task<IReadOnlyList<SessionRecord>> ListByAgentAsync(string agentId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<SessionRecord>(
            $"SELECT {Columns} FROM sessions WHERE agent_id = @agentId ORDER BY last_used_at DESC, id DESC LIMIT @limit",
            new { agentId, limit })).ToList();
    }

    public async Task<SessionRecord?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SessionRecord>($"SELECT {Columns} FROM sessions WHERE id = @id", new { id });
    }

    public async Task<SessionRecord?> FindAsync(string agentId, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SessionRecord>(
            $"SELECT {Columns} FROM sessions WHERE agent_id = @agentId AND session_id = @sessionId", new { agentId, sessionId });
    }
}
