using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Core.Persistence;

namespace Orchestrator.Core.Tests;

/// <summary>
/// A real SQLite file in a temporary folder with the core's own migrations applied (the host's <c>BotDatabase</c>
/// applies them together with its own; the core's tables do not depend on the host's).
/// </summary>
public sealed class TestDatabase : IDatabase, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("orch-core-db-").FullName;
    private readonly string _connectionString;

    public TestDatabase()
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "test.db"), Pooling = false }.ToString();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        var assembly = typeof(IDatabase).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            connection.Execute(reader.ReadToEnd());
        }
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA busy_timeout = 5000;");
        return connection;
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
