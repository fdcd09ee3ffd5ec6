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
    private const string Columns = "user_id, granted_by, granted_in, note, granted_at";
    private readonly SemaphoreSlim _writes = new(1, 1);
    private volatile FrozenDictionary<long, AccessGrant>? _snapshot;

    /// <summary>True when <paramref name="userId"/> was allowed with /allow. Loads the grants on first use.</summary>
    public bool IsGranted(long userId) => Snapshot().ContainsKey(userId);

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

    /// <summary>Allows <paramref name="userId"/>; false when they already were.</summary>
    public async Task<bool> GrantAsync(long userId, long grantedBy, long chatId, string? note, CancellationToken cancellationToken = default)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var changed = await connection.ExecuteAsync(
                """
                INSERT INTO access_grants (user_id, granted_by, granted_in, note, granted_at)
                VALUES (@userId, @grantedBy, @chatId, @note, @now)
                ON CONFLICT (user_id) DO NOTHING
                """,
                new { userId, grantedBy, chatId, note, now = DateTimeOffset.UtcNow.ToString("O") });
            await LoadAsync(cancellationToken);
            return changed > 0;
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
