using Dapper;
using Orchestrator.Bot.Persistence;
using Orchestrator.Bot.Security;

namespace Orchestrator.Bot.Sessions;

/// <summary>Every turn's prompt, status, final text, timings and token usage, in SQLite. Texts are stored with the bot's secrets redacted.</summary>
public sealed class TurnStore(BotDatabase database, SecretRedactor redactor)
{
    private const string Columns =
        "id, agent_id, session_id, chat_id, topic_id, user_id, update_id, prompt, status, final_text, error, reply_message_id, input_tokens, output_tokens, started_at, ended_at";

    public async Task<long> StartAsync(TurnRecord turn, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO turns (agent_id, session_id, chat_id, topic_id, user_id, update_id, prompt, status, started_at)
            VALUES (@AgentId, @SessionId, @ChatId, @TopicId, @UserId, @UpdateId, @Prompt, 'running', @StartedAt);
            SELECT last_insert_rowid();
            """,
            turn with { Prompt = redactor.Redact(turn.Prompt), StartedAt = DateTimeOffset.UtcNow.ToString("O") });
    }

    public async Task SetReplyMessageAsync(long turnId, int messageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE turns SET reply_message_id = @messageId WHERE id = @turnId", new { turnId, messageId });
    }

    /// <summary>Records how the turn ended. Only a running turn is changed (the first ending wins).</summary>
    public async Task<bool> EndAsync(
        long turnId, string status, string? finalText, string? error, long? inputTokens, long? outputTokens, decimal? costUsd = null,
        CancellationToken cancellationToken = default)
    {
        finalText = redactor.RedactOrNull(finalText);
        error = redactor.RedactOrNull(error);
        await using var connection = await database.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(
            """
            UPDATE turns SET status = @status, final_text = @finalText, error = @error,
                input_tokens = @inputTokens, output_tokens = @outputTokens, cost_usd = @cost, ended_at = @now
            WHERE id = @turnId AND status = 'running'
            """,
            new { turnId, status, finalText, error, inputTokens, outputTokens, cost = (double?)costUsd, now = DateTimeOffset.UtcNow.ToString("O") });
        return changed > 0;
    }

    public async Task<IReadOnlyList<TurnRecord>> ListRunningAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TurnRecord>($"SELECT {Columns} FROM turns WHERE status = 'running' ORDER BY id")).ToList();
    }

    public async Task<TurnRecord?> GetAsync(long turnId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TurnRecord>($"SELECT {Columns} FROM turns WHERE id = @turnId", new { turnId });
    }

    public async Task<IReadOnlyList<TurnRecord>> ListByAgentAsync(string agentId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TurnRecord>(
            $"SELECT {Columns} FROM turns WHERE agent_id = @agentId ORDER BY id DESC LIMIT @limit", new { agentId, limit })).ToList();
    }

    /// <summary>
    /// Token counts of a session's turns: their sums, and the latest turn's counts (engines that report running totals);
    /// and the sum of the turns' costs where the engine reported one.
    /// </summary>
    public async Task<SessionTokens> TokensOfSessionAsync(string agentId, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<SessionTokens>(
            """
            SELECT COUNT(*) AS Turns,
                   COALESCE(SUM(input_tokens), 0) AS SumInput, COALESCE(SUM(output_tokens), 0) AS SumOutput,
                   COALESCE((SELECT l.input_tokens FROM turns l WHERE l.agent_id = @agentId AND l.session_id = @sessionId
                             AND l.input_tokens IS NOT NULL ORDER BY l.id DESC LIMIT 1), 0) AS LastInput,
                   COALESCE((SELECT l.output_tokens FROM turns l WHERE l.agent_id = @agentId AND l.session_id = @sessionId
                             AND l.output_tokens IS NOT NULL ORDER BY l.id DESC LIMIT 1), 0) AS LastOutput,
                   TOTAL(cost_usd) AS TotalCostUsd, COUNT(cost_usd) AS CostedTurns
            FROM turns WHERE agent_id = @agentId AND session_id = @sessionId
            """,
            new { agentId, sessionId });
    }
}
