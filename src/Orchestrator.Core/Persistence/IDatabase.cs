using Microsoft.Data.Sqlite;

namespace Orchestrator.Core.Persistence;

/// <summary>
/// The bot's one SQLite database, as the core sees it: a pooled connection per unit of work. The host's
/// <c>BotDatabase</c> implements it and applies the migrations of every assembly that embeds
/// <c>Persistence/Migrations/NNNN_name.sql</c> (this one included), in one version order.
/// </summary>
public interface IDatabase
{
    Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default);
}
