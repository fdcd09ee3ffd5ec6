using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Persistence;

namespace Orchestrator.Bot.Media;

/// <summary>
/// The images of each agent on disk (<c>&lt;DataDirectory&gt;/images/&lt;agentId&gt;/telegram/&lt;fileId&gt;.&lt;ext&gt;</c>,
/// byte-identical to what Telegram served) and in SQLite (<c>media_images</c>, plus <c>media_image_sessions</c>: which
/// engine sessions used which image). Keeps each agent within <see cref="MediaOptions.MaxBytesPerAgent"/>, oldest first,
/// and all agents together within <see cref="MediaOptions.MaxTotalImageBytes"/>: room is made (oldest first, over all
/// agents) before an image is written, so the images never take more than that on disk.
/// </summary>
public sealed partial class MediaStore(BotDatabase database, IOptions<StorageOptions> storage, IOptions<MediaOptions> options, ILogger<MediaStore> logger)
{
    private const string Columns = "id, agent_id, file_id, file_name, size_bytes";

    /// <summary>One image at a time makes room and is written, so two agents cannot both count on the same free space.</summary>
    private readonly SemaphoreSlim _space = new(1, 1);

    /// <summary>The folder of <paramref name="agentId"/>'s Telegram images (not created here).</summary>
    public string FolderOf(string agentId) =>
        Path.Combine(storage.Value.FullDataDirectory, "images", SafeFileName.From(agentId), "telegram");

    /// <summary>
    /// The folder of <paramref name="agentId"/>'s uploaded images (HTTP API: <c>images/&lt;agentId&gt;/web/</c>). Their
    /// <c>file_id</c> is <see cref="WebFileIdPrefix"/> + the file name, which is how a row tells which folder it is in.
    /// </summary>
    public string WebFolderOf(string agentId) =>
        Path.Combine(storage.Value.FullDataDirectory, "images", SafeFileName.From(agentId), "web");

    public const string WebFileIdPrefix = "web:";

    /// <summary>
    /// Stores an uploaded image as <c>images/&lt;agentId&gt;/web/&lt;timestamp&gt;-&lt;uuid&gt;.&lt;ext&gt;</c>, within the same
    /// quotas as Telegram's images (<see cref="SaveAsync(string, string, DownloadedImage, IReadOnlyCollection{long}, CancellationToken)"/>).
    /// </summary>
    public Task<StoredImage> SaveUploadAsync(string agentId, DownloadedImage image, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var name = $"{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}.{image.Format.Extension}";
        return SaveAsync(agentId, WebFileIdPrefix + name, image, [], cancellationToken);
    }

    /// <summary>The image with row id <paramref name="imageId"/>, if it and its file still exist.</summary>
    public async Task<StoredImage?> GetAsync(long imageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<Row>($"SELECT {Columns} FROM media_images WHERE id = @imageId", new { imageId });
        return row is not null && PathOf(row) is var path && File.Exists(path) ? ToImage(row, path) : null;
    }

    private string PathOf(Row row) => SafeFileName.PathUnder(FolderFor(row.AgentId, row.FileId), row.FileName);

    private string FolderFor(string agentId, string fileId) =>
        fileId.StartsWith(WebFileIdPrefix, StringComparison.Ordinal) ? WebFolderOf(agentId) : FolderOf(agentId);

    /// <summary>The stored copy of <paramref name="fileId"/> for this agent, if its file is still on disk.</summary>
    public async Task<StoredImage?> FindAsync(string agentId, string fileId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM media_images WHERE agent_id = @agentId AND file_id = @fileId ORDER BY id DESC", new { agentId, fileId });
        if (row is not null)
        {
            var path = PathOf(row);
            if (File.Exists(path))
            {
                return ToImage(row, path);
            }

            await connection.ExecuteAsync("DELETE FROM media_images WHERE id = @Id", new { row.Id });
        }

        // A file written just before a crash, whose row was never recorded.
        var folder = FolderOf(agentId);
        foreach (var format in ImageFormat.All)
        {
            var name = $"{SafeFileName.From(fileId)}.{format.Extension}";
            var path = SafeFileName.PathUnder(folder, name);
            if (File.Exists(path))
            {
                var id = await UpsertAsync(connection, agentId, fileId, name, new FileInfo(path).Length);
                return new StoredImage(id, agentId, fileId, path, new FileInfo(path).Length);
            }
        }

        return null;
    }

    /// <summary>Writes the image (atomically: a temporary file, then a rename) and records it.</summary>
    public Task<StoredImage> SaveAsync(string agentId, string fileId, DownloadedImage image, CancellationToken cancellationToken = default) =>
        SaveAsync(agentId, fileId, image, [], cancellationToken);

    /// <summary>
    /// Writes the image and records it, after deleting the oldest images of any agent (never one of <paramref name="keep"/>,
    /// the images of the turn being started) until it fits within <see cref="MediaOptions.MaxTotalImageBytes"/>.
    /// An image that cannot fit is refused (<see cref="ImageRefusedException"/>).
    /// </summary>
    public async Task<StoredImage> SaveAsync(string agentId, string fileId, DownloadedImage image, IReadOnlyCollection<long> keep, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxTotalImageBytes;
        if (image.Bytes.LongLength > limit)
        {
            throw new ImageRefusedException(
                $"📎 This image ({image.Bytes.LongLength} bytes) is larger than all the space the bot keeps for images ({limit} bytes).");
        }

        await _space.WaitAsync(cancellationToken);
        try
        {
            await MakeRoomAsync(image.Bytes.LongLength, keep, cancellationToken);
            return await WriteAsync(agentId, fileId, image, cancellationToken);
        }
        finally
        {
            _space.Release();
        }
    }

    private async Task<StoredImage> WriteAsync(string agentId, string fileId, DownloadedImage image, CancellationToken cancellationToken)
    {
        var folder = FolderFor(agentId, fileId);
        var name = fileId.StartsWith(WebFileIdPrefix, StringComparison.Ordinal)
            ? SafeFileName.From(Path.GetFileNameWithoutExtension(fileId[WebFileIdPrefix.Length..])) + "." + image.Format.Extension
            : $"{SafeFileName.From(fileId)}.{image.Format.Extension}";
        var path = SafeFileName.PathUnder(folder, name);
        Directory.CreateDirectory(folder);
        var temporary = SafeFileName.PathUnder(folder, $".{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temporary, image.Bytes, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary); // no-op once moved
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var id = await UpsertAsync(connection, agentId, fileId, name, image.Bytes.LongLength);
        logger.LogInformation("Stored image {FileName} ({Bytes} bytes) for agent {AgentId}", name, image.Bytes.LongLength, agentId);
        return new StoredImage(id, agentId, fileId, path, image.Bytes.LongLength);
    }

    /// <summary>Records that <paramref name="sessionId"/> used these images (for <see cref="DeleteSessionImagesAsync"/>).</summary>
    public async Task AttachToSessionAsync(string sessionId, IEnumerable<StoredImage> images, CancellationToken cancellationToken = default)
    {
        var links = images.Select(i => new { ImageId = i.Id, SessionId = sessionId }).ToList();
        if (links.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT OR IGNORE INTO media_image_sessions (image_id, session_id) SELECT @ImageId, @SessionId WHERE EXISTS (SELECT 1 FROM media_images WHERE id = @ImageId)",
            links);
    }

    /// <summary>The agent's stored images, oldest first.</summary>
    public async Task<IReadOnlyList<StoredImage>> ListAsync(string agentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>($"SELECT {Columns} FROM media_images WHERE agent_id = @agentId ORDER BY id", new { agentId });
        return rows.Select(r => ToImage(r, PathOf(r))).ToList();
    }

    private static async Task<long> UpsertAsync(SqliteConnection connection, string agentId, string fileId, string fileName, long size) =>
        await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO media_images (agent_id, file_id, file_name, size_bytes, created_at)
            VALUES (@agentId, @fileId, @fileName, @size, @now)
            ON CONFLICT (agent_id, file_name) DO UPDATE SET file_id = excluded.file_id, size_bytes = excluded.size_bytes
            RETURNING id
            """,
            new { agentId, fileId, fileName, size, now = DateTimeOffset.UtcNow.ToString("O") });

    private static StoredImage ToImage(Row row, string path) => new(row.Id, row.AgentId, row.FileId, path, row.SizeBytes);

    private static string Prefixed(string alias) => string.Join(", ", Columns.Split(", ").Select(c => $"{alias}.{c}"));

    private sealed class Row
    {
        public long Id { get; init; }

        public string AgentId { get; init; } = "";

        public string FileId { get; init; } = "";

        public string FileName { get; init; } = "";

        public long SizeBytes { get; init; }
    }
}
