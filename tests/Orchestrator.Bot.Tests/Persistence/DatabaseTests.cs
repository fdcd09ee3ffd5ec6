using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Inbox;
using Orchestrator.Bot.Persistence;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Tests.Persistence;

public sealed class DatabaseTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("orchestrator-db-").FullName;

    private BotDatabase NewDatabase() =>
        new(Options.Create(new StorageOptions { DataDirectory = _data }), NullLogger<BotDatabase>.Instance);

    [Fact]
    public async Task Migrations_apply_once_in_order_and_the_database_uses_wal()
    {
        await NewDatabase().MigrateAsync();
        await NewDatabase().MigrateAsync(); // a restart applies nothing again

        await using var connection = await NewDatabase().OpenAsync();
        var versions = (await connection.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        Assert.Equal(BotDatabase.LoadMigrations().Select(m => m.Version), versions);
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.True(File.Exists(Path.Combine(_data, "orchestrator.db")));
    }

    [Fact]
    public async Task The_inbox_stores_a_batch_with_the_offset_hands_out_each_update_once_and_never_moves_the_offset_back()
    {
        var database = NewDatabase();
        await database.MigrateAsync();
        var inbox = new UpdateInbox(database);
        Assert.Null(await inbox.GetOffsetAsync());

        var fresh = await inbox.StoreAsync([TextUpdate(101, "b"), TextUpdate(100, "a")]);
        Assert.Equal([100, 101], fresh.Select(u => u.Id));
        Assert.Equal(102, await inbox.GetOffsetAsync());

        // Telegram sends 101 again (the confirming getUpdates was lost): it is not handed out twice.
        Assert.Equal([102], (await inbox.StoreAsync([TextUpdate(101, "b"), TextUpdate(102, "c")])).Select(u => u.Id));
        Assert.Equal(103, await inbox.GetOffsetAsync());
        await inbox.StoreAsync([TextUpdate(99, "old")]);
        Assert.Equal(103, await inbox.GetOffsetAsync()); // never back

        Assert.Equal(1, await inbox.BeginAttemptAsync(100));
        await inbox.MarkDoneAsync(100);
        Assert.Equal(1, await inbox.BeginAttemptAsync(101)); // started, then the bot died: still pending after the restart

        var pending = await inbox.LoadPendingAsync();
        Assert.Equal([99, 101, 102], pending.Select(i => i.UpdateId));
        Assert.Equal("b", pending[1].Update.Message?.Text);
        Assert.Equal(1, pending[1].Attempts);
        Assert.Empty(await inbox.StoreAsync([TextUpdate(100, "a")])); // done: never again
    }

    [Fact]
    public async Task The_inbox_migration_keeps_the_ids_handled_before_it()
    {
        var database = NewDatabase();
        await using (var connection = await database.OpenAsync())
        {
            // The database of the version before the inbox: migrations up to 0007 and a handled update.
            await connection.ExecuteAsync("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);");
            foreach (var migration in BotDatabase.LoadMigrations().Where(m => m.Version < 8))
            {
                await connection.ExecuteAsync(migration.Sql);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, 'old', 'now')", new { migration.Version });
            }

            await connection.ExecuteAsync("INSERT INTO handled_updates (update_id, chat_id, handled_at) VALUES (500, 5, '2026-12-01T00:00:00Z')");
        }

        await database.MigrateAsync();
        var inbox = new UpdateInbox(database);
        Assert.Empty(await inbox.StoreAsync([TextUpdate(500, "handled before the upgrade")]));
        Assert.Empty(await inbox.LoadPendingAsync());
    }

    private static Update TextUpdate(int id, string text) => new()
    {
        Id = id,
        Message = new Message { Id = id, Date = DateTime.UtcNow, Chat = new Chat { Id = 5, Type = ChatType.Private }, From = new User { Id = 5, FirstName = "U" }, Text = text },
    };

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
