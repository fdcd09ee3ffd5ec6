using Orchestrator.Bot.Inbox;

namespace Orchestrator.Bot.Chats;

/// <summary>
/// Albums: Telegram delivers an album (photos sharing a media_group_id) as one update per photo. The owner gathers
/// the parts and queues them as ONE job once no part came for <c>Media:AlbumQuietTime</c>; every part stays pending
/// in the inbox until that job is done, so a crash in between handles the whole album after the restart.
/// </summary>
internal sealed partial class ChatOwner
{
    private void AddAlbumPart(string mediaGroupId, InboxItem part)
    {
        if (!_albums.TryGetValue(mediaGroupId, out var album))
        {
            album = new Album();
            _albums[mediaGroupId] = album;
        }

        album.Parts.Add(part);
        album.LastPart = _time.GetUtcNow();
        ScheduleQuietCheck(mediaGroupId, _albumQuietTime);
    }

    private void FlushIfQuiet(string mediaGroupId)
    {
        if (!_albums.TryGetValue(mediaGroupId, out var album))
        {
            return;
        }

        var left = album.LastPart + _albumQuietTime - _time.GetUtcNow();
        if (left > TimeSpan.Zero)
        {
            ScheduleQuietCheck(mediaGroupId, left); // a part came meanwhile (or the timer fired early)
            return;
        }

        _albums.Remove(mediaGroupId); // a part arriving from now on starts a new album
        _queued.AddLast(new Job(album.Parts.OrderBy(p => p.Update.Message!.Id).ToList(), Urgent: false, Album: true));
    }

    /// <summary>A timer that only posts a message to this owner's own mailbox: the check itself runs in the loop.</summary>
    private void ScheduleQuietCheck(string mediaGroupId, TimeSpan after)
    {
        _ = Task.Delay(after, _time, _stopping).ContinueWith(
            t =>
            {
                if (!t.IsCanceled)
                {
                    Post(new AlbumQuietElapsed(mediaGroupId));
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private sealed class Album
    {
        public List<InboxItem> Parts { get; } = [];

        public DateTimeOffset LastPart { get; set; }
    }
}
