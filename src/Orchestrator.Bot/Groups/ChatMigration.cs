using Dapper;
using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.Audit;
using Orchestrator.Bot.Persistence;

namespace Orchestrator.Bot.Groups;

/// <summary>
/// A group upgraded to a supergroup gets a new chat id. Its agents, current-agent choices, turns and grants move to the
/// new id in one transaction, so the team continues with the same agents and sessions. Moving twice (Telegram sends
/// <c>migrate_to_chat_id</c> in the old chat and <c>migrate_from_chat_id</c> in the new one) is harmless.
/// </summary>
public sealed class ChatMigration(
    BotDatabase database, AccessGrants grants, ChatAdministrators chatAdmins, AuditLog audit, ILogger<ChatMigration> logger)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, long> _moved = new();

    /// <summary>The supergroup id <paramref name="chatId"/> moved to, when this process saw the migration.</summary>
    public long? NewIdOf(long chatId) => _moved.TryGetValue(chatId, out var to) ? to : null;

    /// <summary>Moves everything of <paramref name="fromChatId"/> to <paramref name="toChatId"/>; returns the number of agents moved.</summary>
    public async Task<int> MoveAsync(long fromChatId, long toChatId, CancellationToken cancellationToken = default)
    {
        if (fromChatId == toChatId)
        {
            return 0;
        }

        _moved[fromChatId] = toChatId;
        int moved;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var ids = new { fromChatId, toChatId };

            // The new chat may already have state (a message reached it before the migration notice): the old chat's wins.
            await connection.ExecuteAsync(
                "DELETE FROM chat_state WHERE chat_id = @toChatId AND topic_id IN (SELECT topic_id FROM chat_state WHERE chat_id = @fromChatId)",
                ids,
                transaction);
            await connection.ExecuteAsync(
                """
                UPDATE agents SET name = name || '-' || substr(id, 1, 4)
                WHERE chat_id = @toChatId
                  AND EXISTS (SELECT 1 FROM agents old WHERE old.chat_id = @fromChatId AND old.topic_id = agents.topic_id AND old.name = agents.name)
                """,
                ids,
                transaction);
            moved = await connection.ExecuteAsync("UPDATE agents SET chat_id = @toChatId WHERE chat_id = @fromChatId", ids, transaction);
            await connection.ExecuteAsync("UPDATE chat_state SET chat_id = @toChatId WHERE chat_id = @fromChatId", ids, transaction);
            await connection.ExecuteAsync("UPDATE turns SET chat_id = @toChatId WHERE chat_id = @fromChatId", ids, transaction);
            await connection.ExecuteAsync("UPDATE access_grants SET granted_in = @toChatId WHERE granted_in = @fromChatId", ids, transaction);
            await connection.ExecuteAsync("UPDATE access_grants SET scope_chat_id = @toChatId WHERE scope_chat_id = @fromChatId", ids, transaction);
            await transaction.CommitAsync(cancellationToken);
        }

        await grants.LoadAsync(cancellationToken);
        chatAdmins.Forget(fromChatId);
        chatAdmins.Forget(toChatId);
        if (moved > 0)
        {
            logger.LogInformation("Chat {From} became supergroup {To}: moved {Count} agents and their sessions", fromChatId, toChatId, moved);
            await audit.RecordAsync(0, "Telegram", toChatId, 0, AuditActions.Migration, $"group {fromChatId} became this supergroup; {moved} agent(s) moved", cancellationToken);
        }

        return moved;
    }
}
