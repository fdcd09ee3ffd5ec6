using Microsoft.Extensions.Options;
using Orchestrator.Bot.Sessions;

namespace Orchestrator.Bot.Media;

/// <summary>
/// Telegram delivers an album (photos sharing a media_group_id) as one update per photo. The coalescer gathers them and
/// hands all parts to ONE flush once no new part came for <see cref="MediaOptions.AlbumQuietTime"/>. The first part's
/// caller waits out the quiet time and runs the flush; later parts' callers wait for that flush, so every part's update
/// counts as handled only once the album was (a shutdown in between leaves them all for redelivery).
/// Album parts must therefore not be queued behind each other (the update handler treats them as urgent).
/// </summary>
public sealed class AlbumCoalescer(IOptions<MediaOptions> options, TimeProvider time)
{
    private readonly Dictionary<(long ChatId, string GroupId), Album> _albums = [];
    private readonly Lock _gate = new();

    /// <summary>Albums waiting for their quiet time (diagnostics, tests).</summary>
    public int PendingAlbums
    {
        get
        {
            lock (_gate)
            {
                return _albums.Count;
            }
        }
    }

    /// <summary>
    /// Adds <paramref name="part"/> to its album. Completes after the album's flush ran (with the parts in message order);
    /// the flush's failure is reported to the first part's caller only.
    /// </summary>
    public async Task AddAsync(
        long chatId,
        string mediaGroupId,
        IncomingMessage part,
        Func<IReadOnlyList<IncomingMessage>, CancellationToken, Task> flush,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flush);
        var key = (chatId, mediaGroupId);
        Album album;
        bool first;
        lock (_gate)
        {
            first = !_albums.TryGetValue(key, out album!);
            if (first)
            {
                album = new Album();
                _albums[key] = album;
            }

            album.Parts.Add(part);
            album.LastPart = time.GetUtcNow();
        }

        if (!first)
        {
            await album.Flushed.Task.WaitAsync(cancellationToken);
            return;
        }

        try
        {
            var parts = await WaitForQuietAsync(key, album, cancellationToken);
            await flush(parts, cancellationToken);
            album.Flushed.TrySetResult();
        }
        catch (OperationCanceledException)
        {
            Forget(key, album);
            album.Flushed.TrySetCanceled(cancellationToken);
            throw;
        }
        catch
        {
            Forget(key, album);
            album.Flushed.TrySetResult(); // the other parts were handled along with the first, which reports the failure
            throw;
        }
    }

    private async Task<IReadOnlyList<IncomingMessage>> WaitForQuietAsync((long, string) key, Album album, CancellationToken cancellationToken)
    {
        var quiet = options.Value.AlbumQuietTime;
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                wait = album.LastPart + quiet - time.GetUtcNow();
                if (wait <= TimeSpan.Zero)
                {
                    _albums.Remove(key); // a part arriving from now on starts a new album
                    return album.Parts.OrderBy(p => p.Message.Id).ToList();
                }
            }

            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private void Forget((long, string) key, Album album)
    {
        lock (_gate)
        {
            if (_albums.TryGetValue(key, out var current) && current == album)
            {
                _albums.Remove(key);
            }
        }
    }

    private sealed class Album
    {
        public List<IncomingMessage> Parts { get; } = [];

        public DateTimeOffset LastPart { get; set; }

        public TaskCompletionSource Flushed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
