using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Access;

/// <summary>What to do with a user's message, as the <see cref="UserRateLimiter"/> decides.</summary>
public enum RateDecision
{
    /// <summary>Within the limit: handle it.</summary>
    Allow,

    /// <summary>The first message over the limit: answer "Slow down" once, handle nothing.</summary>
    Warn,

    /// <summary>A further message while still over the limit: drop it without an answer.</summary>
    Drop,
}

/// <summary>
/// A token bucket per Telegram user (<see cref="RateLimitOptions"/>). Over the limit, the user is told once per episode
/// (<see cref="RateDecision.Warn"/>), and further messages are dropped until a message fits again.
/// Hand-written rather than System.Threading.RateLimiting's TokenBucketRateLimiter: that one reads the Stopwatch and
/// runs its own timers, so it cannot follow the <see cref="TimeProvider"/> the rest of the bot (and its tests) use.
/// Only users who passed access control get here, so there is one bucket per allowed user, not per stranger.
/// </summary>
public sealed class UserRateLimiter(IOptionsMonitor<RateLimitOptions> options, TimeProvider time)
{
    private const int MaxTrackedUsers = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<long, Bucket> _buckets = [];

    /// <summary>
    /// Takes one message's token from <paramref name="userId"/>'s bucket. An album's parts share one token:
    /// a part with the same <paramref name="mediaGroupId"/> as the user's last counted message is free.
    /// </summary>
    public (RateDecision Decision, TimeSpan RetryAfter) Take(long userId, string? mediaGroupId = null)
    {
        var limits = options.CurrentValue;
        var now = time.GetUtcNow();
        var perToken = TimeSpan.FromMinutes(1) / limits.PerMinute;
        lock (_gate)
        {
            if (!_buckets.TryGetValue(userId, out var bucket))
            {
                Forget(now, limits, perToken);
                bucket = new Bucket { Tokens = limits.Burst, Updated = now };
                _buckets[userId] = bucket;
            }

            var refilled = (now - bucket.Updated) / perToken;
            bucket.Tokens = Math.Min(limits.Burst, bucket.Tokens + Math.Max(0, refilled));
            bucket.Updated = now;

            if (mediaGroupId is not null && mediaGroupId == bucket.MediaGroupId)
            {
                return (RateDecision.Allow, TimeSpan.Zero);
            }

            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                bucket.Warned = false;
                bucket.MediaGroupId = mediaGroupId;
                return (RateDecision.Allow, TimeSpan.Zero);
            }

            var retryAfter = (1 - bucket.Tokens) * perToken;
            if (bucket.Warned)
            {
                return (RateDecision.Drop, retryAfter);
            }

            bucket.Warned = true;
            return (RateDecision.Warn, retryAfter);
        }
    }

    /// <summary>Keeps the table small: full buckets carry no state worth keeping.</summary>
    private void Forget(DateTimeOffset now, RateLimitOptions limits, TimeSpan perToken)
    {
        if (_buckets.Count < MaxTrackedUsers)
        {
            return;
        }

        foreach (var (id, bucket) in _buckets)
        {
            if (bucket.Tokens + ((now - bucket.Updated) / perToken) >= limits.Burst)
            {
                _buckets.Remove(id);
            }
        }
    }

    private sealed class Bucket
    {
        public double Tokens { get; set; }

        public DateTimeOffset Updated { get; set; }

        public bool Warned { get; set; }

        public string? MediaGroupId { get; set; }
    }
}
