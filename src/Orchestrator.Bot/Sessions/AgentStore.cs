using Dapper;
using Orchestrator.Bot.Persistence;

namespace Orchestrator.Bot.Sessions;

/// <summary>Agents and each chat's current agent, in SQLite.</summary>
public sealed class AgentStore(BotDatabase database)
{
    private const string Columns = "id, chat_id, topic_id, name, emoji, engine, model, working_directory, persona, session_id, created_at";

    /// <summary>The chat's current agent, creating <paramref name="createDefault"/>'s agent on first use.</summary>
    public async Task<AgentRecord> GetOrCreateCurrentAsync(ChatKey chat, Func<AgentRecord> createDefault, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var current = await connection.QuerySingleOrDefaultAsync<AgentRecord>(
            $"SELECT {Prefixed("a")} FROM chat_state s JOIN agents a ON a.id = s.current_agent_id WHERE s.chat_id = @ChatId AND s.topic_id = @TopicId",
            new { chat.ChatId, chat.TopicId });
        if (current is not null)
        {
            return current;
        }

        var agent = createDefault() with { CreatedAt = DateTimeOffset.UtcNow.ToString("O") };
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var existing = await connection.QuerySingleOrDefaultAsync<AgentRecord>(
            $"SELECT {Columns} FROM agents WHERE chat_id = @ChatId AND topic_id = @TopicId AND name = @Name",
            new { chat.ChatId, chat.TopicId, agent.Name },
            transaction);
        if (existing is null)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO agents (id, chat_id, topic_id, name, emoji, engine, model, working_directory, persona, session_id, created_at)
                VALUES (@Id, @ChatId, @TopicId, @Name, @Emoji, @Engine, @Model, @WorkingDirectory, @Persona, @SessionId, @CreatedAt)
                """,
                agent,
                transaction);
        }

        var chosen = existing ?? agent;
        await connection.ExecuteAsync(
            "INSERT OR REPLACE INTO chat_state (chat_id, topic_id, current_agent_id) VALUES (@ChatId, @TopicId, @Id)",
            new { chat.ChatId, chat.TopicId, chosen.Id },
            transaction);
        await transaction.CommitAsync(cancellationToken);
        return chosen;
    }

    public async Task<AgentRecord?> GetAsync(string agentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AgentRecord>($"SELECT {Columns} FROM agents WHERE id = @agentId", new { agentId });
    }

    /// <summary>Stores the engine session to resume (null: the next message starts a new session).</summary>
    public async Task SetSessionIdAsync(string agentId, string? sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE agents SET session_id = @sessionId WHERE id = @agentId", new { agentId, sessionId });
    }

    private static string Prefixed(string alias) => string.Join(", ", Columns.Split(", ").Select(c => $"{alias}.{c}"));
}
