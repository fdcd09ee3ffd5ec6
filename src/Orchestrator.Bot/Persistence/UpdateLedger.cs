using Dapper;
using Microsoft.Data.Sqlite;

namespace Orchestrator.Bot.Persistence;

/// <summary>
/// Which updates have been handled, and the getUpdates offset. An update is recorded only after its handler
/// finished, in the same transaction that moves the offset: a crash loses nothing (Telegram redelivers what was
/// not confirmed) and a restart handles nothing twice (recorded ids are skipped).
/// </summary>
public sealed class UpdateLedger(BotDatabase database)
{
    private const string OffsetKey = "telegram.offset";

    /// <summary>The offset to resume getUpdates from, or null on first start.</summary>
    public async Task<int?> GetOffsetAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var value = await connection.QuerySingleOrDefaultAsync<string?>(
            "SELECT value FROM bot_state WHERE key = @OffsetKey", new { OffsetKey });
        return value is null ? null : int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<bool> IsHandledAsync(int updateId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM handled_updates WHERE update_id = @updateId", new { updateId }) > 0;
    }

    /// <summary>Records <paramref name="updateId"/> as handled and moves the stored offset, atomically.</summary>
    public async Task MarkHandledAsync(int updateId, long? chatId, int offset, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT OR IGNORE INTO handled_updates (update_id, chat_id, handled_at) VALUES (@updateId, @chatId, @now)",
            new { updateId, chatId, now = DateTimeOffset.UtcNow.ToString("O") },
            transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO bot_state (key, value) VALUES (@OffsetKey, @offset)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value
            WHERE CAST(bot_state.value AS INTEGER) < CAST(excluded.value AS INTEGER)
            """,
            new { OffsetKey, offset = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Forgets the ids of updates handled before <paramref name="cutoff"/> (Telegram redelivers an unconfirmed update
    /// for 24 h at most, so older ids are never seen again). Returns how many were forgotten.
    /// </summary>
    public async Task<int> PruneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "DELETE FROM handled_updates WHERE handled_at < @cutoff",
            new { cutoff = cutoff.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture) });
    }
}
