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

    /// <summary>The chat's current agent, or null before the chat's first use.</summary>
    public async Task<AgentRecord?> GetCurrentAsync(ChatKey chat, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AgentRecord>(
            $"SELECT {Prefixed("a")} FROM chat_state s JOIN agents a ON a.id = s.current_agent_id WHERE s.chat_id = @ChatId AND s.topic_id = @TopicId",
            new { chat.ChatId, chat.TopicId });
    }

    /// <summary>Every agent of every chat, oldest first (the HTTP API, for admins).</summary>
    public async Task<IReadOnlyList<AgentRecord>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AgentRecord>($"SELECT {Columns} FROM agents ORDER BY created_at, rowid")).ToList();
    }

    /// <summary>The agents of a chat (or topic), oldest first.</summary>
    public async Task<IReadOnlyList<AgentRecord>> ListAsync(ChatKey chat, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AgentRecord>(
            $"SELECT {Columns} FROM agents WHERE chat_id = @ChatId AND topic_id = @TopicId ORDER BY created_at, rowid",
            new { chat.ChatId, chat.TopicId })).ToList();
    }

    /// <summary>How many agents a chat has, over all its forum topics.</summary>
    public async Task<int> CountInChatAsync(long chatId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM agents WHERE chat_id = @chatId", new { chatId });
    }

    /// <summary>The chat's agent named <paramref name="name"/> (case-insensitive), or null.</summary>
    public async Task<AgentRecord?> FindByNameAsync(ChatKey chat, string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<AgentRecord>(
            $"SELECT {Columns} FROM agents WHERE chat_id = @ChatId AND topic_id = @TopicId AND name = @name COLLATE NOCASE",
            new { chat.ChatId, chat.TopicId, name });
    }

    /// <summary>Adds an agent to its chat and makes it the current one; false when the name is taken.</summary>
    public async Task<bool> CreateAndSelectAsync(AgentRecord agent, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var taken = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM agents WHERE chat_id = @ChatId AND topic_id = @TopicId AND name = @Name COLLATE NOCASE",
            agent,
            transaction);
        if (taken > 0)
        {
            return false;
        }

        await connection.ExecuteAsync(
            """
            INSERT INTO agents (id, chat_id, topic_id, name, emoji, engine, model, working_directory, persona, session_id, created_at)
            VALUES (@Id, @ChatId, @TopicId, @Name, @Emoji, @Engine, @Model, @WorkingDirectory, @Persona, @SessionId, @CreatedAt)
            """,
            agent with { CreatedAt = DateTimeOffset.UtcNow.ToString("O") },
            transaction);
        await connection.ExecuteAsync(
            "INSERT OR REPLACE INTO chat_state (chat_id, topic_id, current_agent_id) VALUES (@ChatId, @TopicId, @Id)",
            agent,
            transaction);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Makes <paramref name="agentId"/> (an agent of that chat) the chat's current agent.</summary>
    public async Task SetCurrentAsync(ChatKey chat, string agentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT OR REPLACE INTO chat_state (chat_id, topic_id, current_agent_id) VALUES (@ChatId, @TopicId, @agentId)",
            new { chat.ChatId, chat.TopicId, agentId });
    }

    /// <summary>Stores the agent's name, emoji, engine, model, folder, persona and session to resume.</summary>
    public async Task UpdateSettingsAsync(AgentRecord agent, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            UPDATE agents SET name = @Name, emoji = @Emoji, engine = @Engine, model = @Model, working_directory = @WorkingDirectory,
                              persona = @Persona, session_id = @SessionId
            WHERE id = @Id
            """,
            agent);
    }

    private static string Prefixed(string alias) => string.Join(", ", Columns.Split(", ").Select(c => $"{alias}.{c}"));
}
