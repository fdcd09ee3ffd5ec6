using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>Budgets and retry policy of the <see cref="TelegramOutbox"/> (configuration section <c>Telegram:Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Telegram:Outbox";

    /// <summary>Minimum spacing of sends and edits in one chat (private chats; groups use the larger of this and the group pacing).</summary>
    public TimeSpan PrivateChatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Calls a private chat may make back to back: Telegram allows short bursts over its ~1 message/s. Only the next page
    /// of an answer that outgrew its message uses it, so that page shows in the same slot as the previous page's last
    /// edit. Every call still counts: the allowance comes back one call per <see cref="PrivateChatInterval"/> without
    /// one. 1: never burst. Groups never burst (their limit is per minute).
    /// </summary>
    [Range(1, 10)]
    public int PrivateChatBurst { get; set; } = 2;

    /// <summary>Sends and edits allowed per <see cref="GroupWindow"/> in one group; paced evenly.</summary>
    [Range(1, 1000)]
    public int GroupMessagesPerMinute { get; set; } = 20;

    /// <summary>The window of <see cref="GroupMessagesPerMinute"/> (one minute; shorter only in tests).</summary>
    public TimeSpan GroupWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Calls of any kind (sends, edits, chat actions, callback answers) allowed per <see cref="GlobalWindow"/> over all chats.</summary>
    [Range(1, 10000)]
    public int GlobalMessagesPerSecond { get; set; } = 30;

    /// <summary>The window of <see cref="GlobalMessagesPerSecond"/> (one second; shorter only in tests).</summary>
    public TimeSpan GlobalWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A one-off send fails (instead of waiting) when a 429 asks to wait longer than this. The ban itself is always
    /// honoured, and live messages keep their state and deliver it after the ban.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Used when a 429 carries no retry_after.</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First backoff after a server (5xx) or network error; doubles per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts for a one-off <see cref="ITelegramOutbox.SendAsync"/> on server/network errors (429s do not count).</summary>
    [Range(1, 100)]
    public int MaxSendAttempts { get; set; } = 5;

    /// <summary>A chat's sender is disposed after being idle this long (and outside any ban).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Streams answers in private chats as native drafts (sendMessageDraft) instead of an edited message; the answer is
    /// then sent as real messages. A chat whose draft fails falls back to edits for the rest of the process.
    /// </summary>
    public bool Drafts { get; set; } = true;

    /// <summary>Minimum spacing of a streamed answer's draft updates (their own budget, apart from messages): about 3 a second.</summary>
    public TimeSpan DraftInterval { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Draft updates allowed back to back (then one per <see cref="DraftInterval"/>), so the first words show at once.</summary>
    [Range(1, 10)]
    public int DraftBurst { get; set; } = 2;

    /// <summary>A draft shown unchanged is sent again this often: Telegram drops a draft that is not updated for about 30 s.</summary>
    public TimeSpan DraftRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long <see cref="TelegramOutbox.DisposeAsync"/> keeps flushing pending messages.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
