using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Persistence;
using Orchestrator.Bot.Sessions.History;

namespace Orchestrator.Bot.Retention;

/// <summary>What one sweep removed.</summary>
public sealed record RetentionResult(int HandledUpdates, int Turns, int AuditEntries, int MemoryFiles);

/// <summary>
/// Deletes what is older than <see cref="RetentionOptions"/> allows: handled and set-aside inbox rows, finished turns, audit entries
/// and memory files. Never what a running turn or a live session needs: running turns and every turn and the memory
/// file of an agent's current session (the one its next message resumes) stay, however old.
/// </summary>
public sealed class RetentionSweep(
    BotDatabase database,
    Inbox.UpdateInbox inbox,
    MemoryFiles memory,
    IOptionsMonitor<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionSweep> logger)
{
    public async Task<RetentionResult> RunAsync(CancellationToken cancellationToken)
    {
        var limits = options.CurrentValue;
        var now = time.GetUtcNow();
        var updates = await inbox.PruneAsync(now - limits.HandledUpdates, cancellationToken);

        await using var connection = await database.OpenAsync(cancellationToken);
        var turns = await connection.ExecuteAsync(
            """
            DELETE FROM turns
            WHERE started_at < @cutoff AND status <> 'running'
              AND NOT EXISTS (SELECT 1 FROM agents a WHERE a.id = turns.agent_id AND a.session_id = turns.session_id)
            """,
            new { cutoff = Stamp(now - limits.Turns) });
        var audit = await connection.ExecuteAsync("DELETE FROM audit_log WHERE at < @cutoff", new { cutoff = Stamp(now - limits.Audit) });

        var current = (await connection.QueryAsync<(string AgentId, string SessionId)>(
                "SELECT id, session_id FROM agents WHERE session_id IS NOT NULL"))
            .Select(a => Path.GetFullPath(memory.PathOf(a.AgentId, a.SessionId)))
            .ToHashSet(StringComparer.Ordinal);
        var files = DeleteOldMemoryFiles(now - limits.MemoryFiles, current);

        var result = new RetentionResult(updates, turns, audit, files);
        logger.LogInformation(
            "Retention sweep removed {HandledUpdates} handled-update id(s), {Turns} turn(s), {Audit} audit entr(ies) and {MemoryFiles} memory file(s)",
            updates, turns, audit, files);
        return result;
    }

    private int DeleteOldMemoryFiles(DateTimeOffset cutoff, HashSet<string> keep)
    {
        if (!Directory.Exists(memory.Root))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(memory.Root, "*.md", SearchOption.AllDirectories))
        {
            try
            {
                if (keep.Contains(Path.GetFullPath(file)) || File.GetLastWriteTimeUtc(file) >= cutoff.UtcDateTime)
                {
                    continue;
                }

                File.Delete(file);
                deleted++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Could not delete the old memory file {File}: {Error}", file, ex.Message);
            }
        }

        return deleted;
    }

    private static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
