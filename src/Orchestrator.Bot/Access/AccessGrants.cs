using System.Collections.Frozen;
using Dapper;
using Orchestrator.Bot.Persistence;

namespace Orchestrator.Bot.Access;

/// <summary>
/// Users allowed by chat commands (<c>/allow</c>, <c>/deny</c>), in SQLite. Reads come from an in-memory snapshot
/// (loaded once, replaced after every change), so the access check of every update costs no I/O.
/// </summary>
public sealed class AccessGrants(BotDatabase database)
{
    private const string Columns = "user_id, granted_by, granted_in, scope_chat_id, note, granted_at";
    private readonly SemaphoreSlim _writes = new(1, 1);
    private volatile FrozenDictionary<long, AccessGrant>? _snapshot;

    /// <summary>True when <paramref name="userId"/> was allowed with /allow in a way that counts in <paramref name="chatId"/>. Loads the grants on first use.</summary>
    public bool IsGranted(long userId, long? chatId) => Snapshot().TryGetValue(userId, out var grant) && grant.CountsIn(chatId);

    /// <summary>The grant of <paramref name="userId"/>, or null.</summary>
    public AccessGrant? Find(long userId) => Snapshot().GetValueOrDefault(userId);

    public IReadOnlyList<AccessGrant> All => Snapshot().Values.OrderBy(g => g.GrantedAt, StringComparer.Ordinal).ToList();

    /// <summary>Loads (or reloads) the snapshot from the database.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AccessGrant>($"SELECT {Columns} FROM access_grants");
        _snapshot = rows.ToFrozenDictionary(g => g.UserId);
    }

    /// <summary>
    /// Allows <paramref name="userId"/>, everywhere (<paramref name="scopeChatId"/> null) or only in one chat. A user has
    /// one grant: one that counts everywhere covers every chat, and a grant for everywhere widens one for a single chat.
    /// </summary>
    public async Task<GrantResult> GrantAsync(
        long userId, long grantedBy, long chatId, long? scopeChatId, string? note, CancellationToken cancellationToken = default)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var existing = Find(userId);
            if (existing is not null)
            {
                if (existing.ScopeChatId is null || existing.ScopeChatId == scopeChatId)
                {
                    return GrantResult.AlreadyAllowed;
                }

                if (scopeChatId is not null)
                {
                    return GrantResult.AllowedElsewhere;
                }
            }

            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(
                """
                INSERT INTO access_grants (user_id, granted_by, granted_in, scope_chat_id, note, granted_at)
                VALUES (@userId, @grantedBy, @chatId, @scopeChatId, @note, @now)
                ON CONFLICT (user_id) DO UPDATE SET
                    granted_by = excluded.granted_by, granted_in = excluded.granted_in, scope_chat_id = NULL,
                    note = coalesce(excluded.note, access_grants.note), granted_at = excluded.granted_at
                """,
                new { userId, grantedBy, chatId, scopeChatId, note, now = DateTimeOffset.UtcNow.ToString("O") });
            await LoadAsync(cancellationToken);
            return existing is null ? GrantResult.Granted : GrantResult.Widened;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Removes the grant of <paramref name="userId"/>; false when there was none.</summary>
    public async Task<bool> RevokeAsync(long userId, CancellationToken cancellationToken = default)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var changed = await connection.ExecuteAsync("DELETE FROM access_grants WHERE user_id = @userId", new { userId });
            await LoadAsync(cancellationToken);
            return changed > 0;
        }
        finally
        {
            _writes.Release();
        }
    }

    private FrozenDictionary<long, AccessGrant> Snapshot()
    {
        if (_snapshot is { } loaded)
        {
            return loaded;
        }

        // First use before the start-up hook ran (e.g. a test): load synchronously once.
        LoadAsync().GetAwaiter().GetResult();
        return _snapshot!;
    }
}
