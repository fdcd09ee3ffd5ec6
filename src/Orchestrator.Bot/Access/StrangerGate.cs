using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Access;

/// <summary>
/// Decides whether a stranger gets a refusal now: at most one per user per <see cref="AccessOptions.StrangerRefusalInterval"/>
/// in private chats, and per <see cref="AccessOptions.GroupStrangerRefusalInterval"/> in groups (counted separately).
/// </summary>
public sealed class StrangerGate(IOptionsMonitor<AccessOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<long, DateTimeOffset> _lastRefusal = new();
    private readonly ConcurrentDictionary<long, DateTimeOffset> _lastGroupRefusal = new();

    public bool ShouldRefuse(long userId) => ShouldRefuse(_lastRefusal, userId, options.CurrentValue.StrangerRefusalInterval);

    /// <summary>The same for a stranger who addressed the bot in a group.</summary>
    public bool ShouldRefuseInGroup(long userId) => ShouldRefuse(_lastGroupRefusal, userId, options.CurrentValue.GroupStrangerRefusalInterval);

    private bool ShouldRefuse(ConcurrentDictionary<long, DateTimeOffset> lastRefusal, long userId, TimeSpan interval)
    {
        var now = time.GetUtcNow();
        var refuse = false;
        lastRefusal.AddOrUpdate(
            userId,
            _ =>
            {
                refuse = true;
                return now;
            },
            (_, last) =>
            {
                if (now - last < interval)
                {
                    refuse = false;
                    return last;
                }

                refuse = true;
                return now;
            });

        if (lastRefusal.Count > 10_000)
        {
            foreach (var (id, last) in lastRefusal)
            {
                if (now - last >= interval)
                {
                    lastRefusal.TryRemove(id, out _);
                }
            }
        }

        return refuse;
    }
}
