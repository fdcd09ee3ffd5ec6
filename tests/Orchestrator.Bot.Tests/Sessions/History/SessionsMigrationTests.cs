using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Persistence;
using Orchestrator.Bot.Sessions.History;

namespace Orchestrator.Bot.Tests.Sessions.History;

/// <summary>Migration 0002 adds the sessions table and fills it from the turns of a database made before it.</summary>
public sealed class SessionsMigrationTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("orchestrator-db-").FullName;

    [Fact]
    public async Task Sessions_that_had_turns_before_the_migration_are_listed_after_it()
    {
        var database = new BotDatabase(Options.Create(new StorageOptions { DataDirectory = _data }), NullLogger<BotDatabase>.Instance);
        await using (var connection = await database.OpenAsync())
        {
            var initial = BotDatabase.LoadMigrations().Single(m => m.Version == 1);
            await connection.ExecuteAsync(initial.Sql);
            await connection.ExecuteAsync(
                """
                CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
                INSERT INTO schema_migrations VALUES (1, 'initial', '2026-01-01T00:00:00Z');
                INSERT INTO agents (id, chat_id, name, engine, working_directory, persona, session_id, created_at)
                VALUES ('a1', 5, 'default', 'codex', '/work', 'Be brief.', 'thread-2', '2026-01-01T00:00:00Z');
                INSERT INTO turns (agent_id, session_id, chat_id, user_id, prompt, status, started_at) VALUES
                    ('a1', 'thread-1', 5, 7, 'first of one', 'completed', '2026-01-01T10:00:00Z'),
                    ('a1', 'thread-1', 5, 7, 'second of one', 'completed', '2026-01-01T11:00:00Z'),
                    ('a1', 'thread-2', 5, 7, 'first of two', 'completed', '2026-01-02T10:00:00Z'),
                    ('a1', NULL, 5, 7, 'never started', 'failed', '2026-01-03T10:00:00Z');
                """);
        }

        await database.MigrateAsync();

        var sessions = await new SessionStore(database, Orchestrator.Bot.Security.SecretRedactor.None).ListByAgentAsync("a1", 10);
        Assert.Equal(["thread-2", "thread-1"], sessions.Select(s => s.SessionId));
        Assert.Equal([1, 2], sessions.Select(s => s.TurnCount));
        Assert.Equal(["first of two", "first of one"], sessions.Select(s => s.FirstPrompt));
        Assert.Equal("2026-01-01T10:00:00Z", sessions[1].StartedAt);
        Assert.Equal("2026-01-01T11:00:00Z", sessions[1].LastUsedAt);
        Assert.All(sessions, s => Assert.Equal("Be brief.", s.Persona));
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
