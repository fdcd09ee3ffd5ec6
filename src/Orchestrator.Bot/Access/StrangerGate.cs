using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Access;

/// <summary>Decides whether a stranger gets a refusal now: at most one per user per <see cref="AccessOptions.StrangerRefusalInterval"/>.</summary>
public sealed class StrangerGate(IOptionsMonitor<AccessOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<long, DateTimeOffset> _lastRefusal = new();

    public bool ShouldRefuse(long userId)
    {
        var now = time.GetUtcNow();
        var interval = options.CurrentValue.StrangerRefusalInterval;
        var refuse = false;
        _lastRefusal.AddOrUpdate(
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

        if (_lastRefusal.Count > 10_000)
        {
            foreach (var (id, last) in _lastRefusal)
            {
                if (now - last >= interval)
                {
                    _lastRefusal.TryRemove(id, out _);
                }
            }
        }

        return refuse;
    }
}
