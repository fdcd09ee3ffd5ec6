using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Bot.Media;

/// <summary>
/// What keeps the images bounded: the total quota (room made before an image is written), the per-agent quota, and a
/// session reset's cleanup. Always the oldest first, never an image of the turn being started, file before row.
/// </summary>
public sealed partial class MediaStore
{
    /// <summary>Deletes the oldest images over all agents until <paramref name="size"/> more bytes fit within the total quota.</summary>
    private async Task MakeRoomAsync(long size, IReadOnlyCollection<long> keep, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxTotalImageBytes;
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>($"SELECT {Columns} FROM media_images ORDER BY id")).ToList();
        var (deleted, total) = await DeleteOldestAsync(connection, rows, limit - size, keep);
        if (deleted > 0)
        {
            logger.LogInformation("Removed the {Count} oldest image(s) over all agents to stay within {Limit} bytes", deleted, limit);
        }

        if (total + size > limit)
        {
            throw new ImageRefusedException(
                $"📎 There is no room for this image: the other images of this message already take the space the bot keeps for images ({limit} bytes).");
        }
    }

    /// <summary>
    /// Forgets which images <paramref name="sessionId"/> used, and deletes those no other session of the agent uses
    /// (file and row). The cleanup hook of a session reset. Returns how many images were deleted.
    /// </summary>
    public async Task<int> DeleteSessionImagesAsync(string agentId, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var used = (await connection.QueryAsync<Row>(
            $"""
            SELECT {Prefixed("i")} FROM media_images i JOIN media_image_sessions s ON s.image_id = i.id
            WHERE i.agent_id = @agentId AND s.session_id = @sessionId
            """,
            new { agentId, sessionId })).ToList();
        await connection.ExecuteAsync(
            "DELETE FROM media_image_sessions WHERE session_id = @sessionId AND image_id IN (SELECT id FROM media_images WHERE agent_id = @agentId)",
            new { agentId, sessionId });

        var deleted = 0;
        foreach (var row in used)
        {
            var stillUsed = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM media_image_sessions WHERE image_id = @Id", new { row.Id });
            if (stillUsed == 0 && await DeleteAsync(connection, row))
            {
                deleted++;
            }
        }

        logger.LogInformation("Deleted {Count} image(s) of session {SessionId} of agent {AgentId}", deleted, sessionId, agentId);
        return deleted;
    }

    /// <summary>
    /// Deletes the agent's oldest images until they take at most <see cref="MediaOptions.MaxBytesPerAgent"/>, never one of
    /// <paramref name="keep"/> (the images of the turn being started). Returns how many were deleted.
    /// </summary>
    public async Task<int> EnforceQuotaAsync(string agentId, IReadOnlyCollection<long> keep, CancellationToken cancellationToken = default)
    {
        var limit = options.Value.MaxBytesPerAgent;
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>($"SELECT {Columns} FROM media_images WHERE agent_id = @agentId ORDER BY id", new { agentId })).ToList();
        var (deleted, _) = await DeleteOldestAsync(connection, rows, limit, keep);
        if (deleted > 0)
        {
            logger.LogInformation("Removed the {Count} oldest image(s) of agent {AgentId} to stay within {Limit} bytes", deleted, agentId, limit);
        }

        return deleted;
    }

    /// <summary>
    /// Deletes <paramref name="oldestFirst"/>'s images in order, skipping <paramref name="keep"/>, until their total is at
    /// most <paramref name="allowed"/>. Returns how many were deleted and the total of those left.
    /// </summary>
    private async Task<(int Deleted, long Total)> DeleteOldestAsync(
        SqliteConnection connection, IReadOnlyList<Row> oldestFirst, long allowed, IReadOnlyCollection<long> keep)
    {
        var total = oldestFirst.Sum(r => r.SizeBytes);
        var deleted = 0;
        foreach (var row in oldestFirst)
        {
            if (total <= allowed)
            {
                break;
            }

            if (!keep.Contains(row.Id) && await DeleteAsync(connection, row))
            {
                total -= row.SizeBytes;
                deleted++;
            }
        }

        return (deleted, total);
    }

    /// <summary>Deletes the file, then the row; a file that cannot be deleted keeps its row (retried next time).</summary>
    private async Task<bool> DeleteAsync(SqliteConnection connection, Row row)
    {
        try
        {
            File.Delete(PathOf(row));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not delete image {FileName} of agent {AgentId}: {Error}", row.FileName, row.AgentId, ex.Message);
            return false;
        }

        await connection.ExecuteAsync("DELETE FROM media_images WHERE id = @Id", new { row.Id });
        return true;
    }
}
