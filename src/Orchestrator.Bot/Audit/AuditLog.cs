using Dapper;
using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Persistence;
using Orchestrator.Bot.Security;
using Orchestrator.Telegram;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Audit;

/// <summary>
/// The audit log in SQLite: admin commands, approval decisions and turn starts. Writing never throws (a failure is
/// logged): auditing must not break what it records. Details are stored with the bot's secrets redacted.
/// </summary>
public sealed class AuditLog(BotDatabase database, TimeProvider time, ILogger<AuditLog> logger, SecretRedactor redactor)
{
    /// <summary>Longest detail kept (prompts can be long).</summary>
    public const int MaxDetailLength = 500;

    public Task RecordAsync(User user, long chatId, long topicId, string action, string detail, CancellationToken cancellationToken = default) =>
        RecordAsync(user.Id, user.DisplayName, chatId, topicId, action, detail, cancellationToken);

    public async Task RecordAsync(
        long userId, string? userName, long chatId, long topicId, string action, string detail, CancellationToken cancellationToken = default)
    {
        try
        {
            detail = redactor.Redact(detail);
            if (detail.Length > MaxDetailLength)
            {
                detail = detail[..(MaxDetailLength - 1)] + "…";
            }

            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(
                """
                INSERT INTO audit_log (at, user_id, user_name, chat_id, topic_id, action, detail)
                VALUES (@at, @userId, @userName, @chatId, @topicId, @action, @detail)
                """,
                new { at = time.GetUtcNow().ToString("O"), userId, userName, chatId, topicId, action, detail });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not write the audit entry {Action} of user {UserId} in chat {ChatId}", action, userId, chatId);
        }
    }

    /// <summary>The newest <paramref name="count"/> entries, newest first; of one chat, or of all chats when <paramref name="chatId"/> is null.</summary>
    public async Task<IReadOnlyList<AuditEntry>> LatestAsync(long? chatId, int count, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditEntry>(
            """
            SELECT id, at, user_id, user_name, chat_id, topic_id, action, detail FROM audit_log
            WHERE @chatId IS NULL OR chat_id = @chatId
            ORDER BY id DESC LIMIT @count
            """,
            new { chatId, count });
        return rows.ToList();
    }
}
