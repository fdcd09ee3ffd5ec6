using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Bot.Persistence;
using Orchestrator.Telegram.Updates;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Inbox;

/// <summary>
/// The durable inbox (table <c>inbox</c>). A getUpdates batch is stored in one transaction together with the next
/// offset, and only then confirmed to Telegram (by the next getUpdates): a kill -9 loses nothing, because what was
/// confirmed is stored. An update is handled from here: each handling is counted before it starts
/// (<see cref="BeginAttemptAsync"/>), so an update that kills the bot every time is set aside after
/// <see cref="MaxAttempts"/>; once <see cref="MarkDoneAsync"/> recorded it, it is never handled again (a redelivered
/// id is ignored, and only pending rows are handled at start).
/// </summary>
public sealed class UpdateInbox(BotDatabase database)
{
    /// <summary>Handlings an update gets (a crash in the middle counts as one) before it is set aside.</summary>
    public const int MaxAttempts = 3;

    private const string OffsetKey = "telegram.offset";

    /// <summary>The offset to resume getUpdates from, or null on first start.</summary>
    public async Task<int?> GetOffsetAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var value = await connection.QuerySingleOrDefaultAsync<string?>(
            "SELECT value FROM bot_state WHERE key = @OffsetKey", new { OffsetKey });
        return value is null ? null : int.Parse(value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Stores <paramref name="updates"/> and moves the stored offset past them, in one transaction. Returns the updates
    /// that were new (an id already in the inbox, pending or done, was delivered before and is not handed out again).
    /// Updates Telegram.Bot could not read (<see cref="TolerantUpdates"/>) are stored as done: they are only confirmed.
    /// </summary>
    public async Task<IReadOnlyList<Update>> StoreAsync(IReadOnlyList<Update> updates, CancellationToken cancellationToken = default)
    {
        if (updates.Count == 0)
        {
            return [];
        }

        var now = Stamp(DateTimeOffset.UtcNow);
        var fresh = new List<Update>(updates.Count);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var update in updates.OrderBy(u => u.Id))
        {
            var unreadable = update.ParseError is not null;
            var inserted = await connection.ExecuteAsync(
                """
                INSERT OR IGNORE INTO inbox (update_id, chat_id, payload, status, attempts, received_at, done_at)
                VALUES (@Id, @ChatId, @Payload, @Status, 0, @now, @DoneAt)
                """,
                new
                {
                    update.Id,
                    ChatId = ChatIdOf(update),
                    Payload = unreadable ? null : JsonSerializer.Serialize(update, JsonBotAPI.Options),
                    Status = unreadable ? "done" : "pending",
                    now,
                    DoneAt = unreadable ? now : null,
                },
                transaction);
            if (inserted == 1 && !unreadable)
            {
                fresh.Add(update);
            }
        }

        var offset = updates.Max(u => u.Id) + 1;
        await connection.ExecuteAsync(
            """
            INSERT INTO bot_state (key, value) VALUES (@OffsetKey, @offset)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value
            WHERE CAST(bot_state.value AS INTEGER) < CAST(excluded.value AS INTEGER)
            """,
            new { OffsetKey, offset = offset.ToString(CultureInfo.InvariantCulture) },
            transaction);
        await transaction.CommitAsync(cancellationToken);
        return fresh;
    }

    /// <summary>The updates left pending by the previous life of the bot, oldest first.</summary>
    public async Task<IReadOnlyList<InboxItem>> LoadPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long UpdateId, string? Payload, long Attempts)>(
            "SELECT update_id, payload, attempts FROM inbox WHERE status = 'pending' ORDER BY update_id");
        var items = new List<InboxItem>();
        foreach (var row in rows)
        {
            var update = Read(row.UpdateId, row.Payload);
            items.Add(new InboxItem(update, (int)row.Attempts));
        }

        return items;
    }

    /// <summary>Counts one more handling of the update, before it starts; returns how many there have been.</summary>
    public async Task<int> BeginAttemptAsync(int updateId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(
            "UPDATE inbox SET attempts = attempts + 1 WHERE update_id = @updateId RETURNING attempts", new { updateId });
    }

    /// <summary>A shutdown interrupted the handling: it does not count as a failed attempt.</summary>
    public async Task ForgetAttemptAsync(int updateId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE inbox SET attempts = MAX(0, attempts - 1) WHERE update_id = @updateId AND status = 'pending'", new { updateId });
    }

    /// <summary>Records the update as handled: it is never handled again. Its content is no longer kept.</summary>
    public async Task MarkDoneAsync(int updateId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE inbox SET status = 'done', payload = NULL, done_at = @now WHERE update_id = @updateId AND status = 'pending'",
            new { updateId, now = Stamp(DateTimeOffset.UtcNow) });
    }

    /// <summary>
    /// Sets the update aside after <see cref="MaxAttempts"/> failed handlings. Returns false when it was no longer
    /// pending (so the user is told at most once).
    /// </summary>
    public async Task<bool> SetAsideAsync(int updateId, string error, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE inbox SET status = 'set_aside', payload = NULL, done_at = @now, error = @error WHERE update_id = @updateId AND status = 'pending'",
            new { updateId, now = Stamp(DateTimeOffset.UtcNow), error = error.Length > 500 ? error[..500] : error }) == 1;
    }

    /// <summary>
    /// Forgets handled and set-aside updates older than <paramref name="cutoff"/> (Telegram redelivers an unconfirmed
    /// update for 24 h at most, so older ids are never seen again). Pending ones stay. Returns how many were forgotten.
    /// </summary>
    public async Task<int> PruneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "DELETE FROM inbox WHERE status <> 'pending' AND done_at < @cutoff", new { cutoff = Stamp(cutoff) });
    }

    public static long? ChatIdOf(Update update) =>
        update.Message?.Chat.Id
        ?? update.EditedMessage?.Chat.Id
        ?? update.CallbackQuery?.Message?.Chat.Id
        ?? update.CallbackQuery?.From.Id
        ?? update.MyChatMember?.Chat.Id;

    /// <summary>A stored update, read as polling reads it (an unreadable one comes back with its id and a ParseError).</summary>
    private static Update Read(long updateId, string? payload)
    {
        if (payload is not null)
        {
            using var document = JsonDocument.Parse(payload);
            if (TolerantUpdates.Read([document.RootElement.Clone()]) is [var update])
            {
                return update;
            }
        }

        return new Update { Id = (int)updateId };
    }

    private static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
