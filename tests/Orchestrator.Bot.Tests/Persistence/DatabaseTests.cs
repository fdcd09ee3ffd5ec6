using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Persistence;

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
    public async Task The_ledger_remembers_handled_updates_and_never_moves_the_offset_back()
    {
        var database = NewDatabase();
        await database.MigrateAsync();
        var ledger = new UpdateLedger(database);
        Assert.Null(await ledger.GetOffsetAsync());

        await ledger.MarkHandledAsync(101, chatId: 5, offset: 102);
        await ledger.MarkHandledAsync(100, chatId: 5, offset: 101); // finished later, lower offset: ignored

        Assert.Equal(102, await ledger.GetOffsetAsync());
        Assert.True(await ledger.IsHandledAsync(100));
        Assert.True(await ledger.IsHandledAsync(101));
        Assert.False(await ledger.IsHandledAsync(102));
    }

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
