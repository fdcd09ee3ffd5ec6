using Microsoft.Extensions.Logging;

namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>The outbox's per-chat draft state: the chat's draft pace, a 429's ban, and which live message drafts there.</summary>
public sealed partial class TelegramOutbox
{
    /// <summary>Until when drafts to <paramref name="chatId"/> wait after a 429 on one (now or earlier: no wait).</summary>
    internal DateTimeOffset DraftBannedUntil(long chatId)
    {
        if (!_draftBans.TryGetValue(chatId, out var until))
        {
            return DateTimeOffset.MinValue;
        }

        if (until <= Time.GetUtcNow())
        {
            _draftBans.TryRemove(KeyValuePair.Create(chatId, until));
        }

        return until;
    }

    /// <summary>
    /// When the chat may have its next draft: <see cref="OutboxOptions.DraftBurst"/> at once, then one per
    /// <see cref="OutboxOptions.DraftInterval"/>. Kept per chat, not per answer, because Telegram counts a chat's drafts:
    /// an answer that starts right after another one must not get a fresh burst on top of the spent one.
    /// <paramref name="spare"/>: when the next draft leaves that many more at once (a status line keeps one for the text).
    /// </summary>
    internal DateTimeOffset DraftReadyAt(long chatId, int spare = 0) =>
        _draftPace.TryGetValue(chatId, out var next) ? next - ((Options.DraftBurst - 1 - spare) * Options.DraftInterval) : DateTimeOffset.MinValue;

    /// <summary>A draft of the chat went out: the chat's pace moves on by one interval.</summary>
    internal void DraftSent(long chatId)
    {
        var now = Time.GetUtcNow();
        _draftPace.AddOrUpdate(chatId, now + Options.DraftInterval, (_, next) => (next > now ? next : now) + Options.DraftInterval);
        if (_draftPace.Count > MaxPacedChats)
        {
            foreach (var (chat, next) in _draftPace)
            {
                if (next <= now)
                {
                    _draftPace.TryRemove(KeyValuePair.Create(chat, next)); // caught up: its burst is whole again anyway
                }
            }
        }
    }

    private const int MaxPacedChats = 1024;

    internal void BanDrafts(long chatId, TimeSpan retryAfter)
    {
        var until = Time.GetUtcNow() + retryAfter;
        _draftBans.AddOrUpdate(chatId, until, (_, old) => old > until ? old : until);
        Logger.LogWarning(
            "Telegram rate limit (429) on drafts of chat {ChatId}: waiting {RetryAfterSeconds} s before the next draft", chatId, retryAfter.TotalSeconds);
    }

    internal void RegisterDrafting(LiveMessage live) => _drafting[live.ChatId] = live;

    internal void UnregisterDrafting(LiveMessage live) => _drafting.TryRemove(KeyValuePair.Create(live.ChatId, live));
}
