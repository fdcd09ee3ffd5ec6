using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Persistence;

/// <summary>
/// The bot's SQLite database (<c>&lt;DataDirectory&gt;/orchestrator.db</c>, WAL). Connections are cheap (pooled):
/// open one per unit of work. Versioned SQL migrations (embedded <c>Persistence/Migrations/NNNN_name.sql</c>, in this
/// assembly and in Orchestrator.Core; one version order across both) apply at start.
/// </summary>
public sealed class BotDatabase : Orchestrator.Core.Persistence.IDatabase
{
    private readonly string _connectionString;
    private readonly ILogger<BotDatabase> _logger;

    static BotDatabase()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public BotDatabase(IOptions<StorageOptions> options, ILogger<BotDatabase> logger)
    {
        _logger = logger;
        var storage = options.Value;
        // The database holds access grants: 0700 folder, 0600 file, created so before SQLite opens it
        // (SQLite gives -wal and -shm the database file's mode).
        Security.PrivateFiles.EnsureFolder(storage.FullDataDirectory);
        DatabasePath = storage.DatabasePath;
        Security.PrivateFiles.EnsureFile(DatabasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabasePath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");
        return connection;
    }

    /// <summary>Turns on WAL and applies the migrations not applied yet, each in its own transaction.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        Security.PrivateFiles.RestrictIfExists(DatabasePath + "-wal"); // left by an older version with a wider mode
        Security.PrivateFiles.RestrictIfExists(DatabasePath + "-shm");
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);");
        var applied = (await connection.QueryAsync<long>("SELECT version FROM schema_migrations")).ToHashSet();

        foreach (var migration in LoadMigrations())
        {
            if (applied.Contains(migration.Version))
            {
                continue;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(migration.Sql, transaction: transaction);
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                new { migration.Version, migration.Name, AppliedAt = DateTimeOffset.UtcNow.ToString("O") },
                transaction);
            await transaction.CommitAsync(cancellationToken);
            _logger.LogInformation("Applied database migration {Version} {Name}", migration.Version, migration.Name);
        }
    }

    internal static IReadOnlyList<Migration> LoadMigrations()
    {
        const string marker = ".Persistence.Migrations.";
        var migrations = new[] { typeof(BotDatabase).Assembly, typeof(Orchestrator.Core.Persistence.IDatabase).Assembly }
            .SelectMany(assembly => assembly.GetManifestResourceNames()
                .Where(n => n.Contains(marker, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
                .Select(n =>
                {
                    var file = n[(n.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..^4].TrimStart('_'); // 0001_initial
                    var underscore = file.IndexOf('_', StringComparison.Ordinal);
                    var version = long.Parse(file.AsSpan(0, underscore), System.Globalization.CultureInfo.InvariantCulture);
                    using var stream = assembly.GetManifestResourceStream(n)!;
                    using var reader = new StreamReader(stream);
                    return new Migration(version, file[(underscore + 1)..], reader.ReadToEnd());
                }))
            .OrderBy(m => m.Version)
            .ToList();
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Two database migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        }

        return migrations;
    }

    internal sealed record Migration(long Version, string Name, string Sql);
}
