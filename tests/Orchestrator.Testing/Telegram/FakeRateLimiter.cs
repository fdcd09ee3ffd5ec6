namespace Orchestrator.Testing.Telegram;

/// <summary>Token buckets per chat and globally, with Telegram's "calling during the ban prolongs it" rule. Not thread-safe: the server locks.</summary>
internal sealed class FakeRateLimiter(FakeRateLimitOptions options, TimeProvider time)
{
    private readonly Dictionary<long, Bucket> chats = [];
    private readonly Bucket global = new(options.GlobalPerSecond, options.GlobalPerSecond, time.GetUtcNow());

    /// <summary>Takes one message slot for <paramref name="chatId"/>; returns the seconds to wait (retry_after) when over a limit, else null.</summary>
    public int? TryAcquire(long chatId, bool isGroup)
    {
        if (!options.Enabled)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (!chats.TryGetValue(chatId, out var chat))
        {
            chat = isGroup
                ? new Bucket(options.GroupPerMinute, options.GroupPerMinute / 60.0, now)
                : new Bucket(options.PrivateChatBurst, options.PrivateChatPerSecond, now);
            chats[chatId] = chat;
        }

        foreach (var bucket in new[] { chat, global })
        {
            if (bucket.BannedUntil > now)
            {
                bucket.BannedUntil += options.BanProlongation;
                return Seconds(bucket.BannedUntil - now);
            }
        }

        chat.Refill(now);
        global.Refill(now);
        foreach (var bucket in new[] { chat, global })
        {
            if (bucket.Tokens < 1)
            {
                var wait = Seconds(TimeSpan.FromSeconds((1 - bucket.Tokens) / bucket.PerSecond));
                bucket.BannedUntil = now + TimeSpan.FromSeconds(wait);
                return wait;
            }
        }

        chat.Tokens--;
        global.Tokens--;
        return null;
    }

    /// <summary>When the ban on <paramref name="chatId"/> ends (null when not banned).</summary>
    public DateTimeOffset? BannedUntil(long chatId) =>
        chats.TryGetValue(chatId, out var chat) && chat.BannedUntil > time.GetUtcNow() ? chat.BannedUntil : null;

    private static int Seconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));

    private sealed class Bucket(double capacity, double perSecond, DateTimeOffset now)
    {
        private DateTimeOffset last = now;

        private readonly double capacity = capacity;

        public double Tokens { get; set; } = capacity;

        public double PerSecond { get; } = perSecond;

        public DateTimeOffset BannedUntil { get; set; } = DateTimeOffset.MinValue;

        public void Refill(DateTimeOffset at)
        {
            Tokens = Math.Min(capacity, Tokens + ((at - last).TotalSeconds * PerSecond));
            last = at;
        }
    }
}
