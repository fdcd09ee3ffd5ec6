namespace Orchestrator.Agents.Tests.Codex;

/// <summary>Reads a turn's events, with waits on specific events.</summary>
internal static class TurnEvents
{
    /// <summary>Reads all events until the stream ends.</summary>
    public static async Task<List<AgentEvent>> ReadAllAsync(this IAgentTurn turn, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var events = new List<AgentEvent>();
        await foreach (var e in turn.Events.WithCancellation(cts.Token))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>Reads events (collecting them into <paramref name="seen"/>) until one matches.</summary>
    public static async Task<T> WaitForAsync<T>(this IAsyncEnumerator<AgentEvent> events, List<AgentEvent> seen, TimeSpan timeout, Func<T, bool>? match = null)
        where T : AgentEvent
    {
        using var cts = new CancellationTokenSource(timeout);
        while (await events.MoveNextAsync().AsTask().WaitAsync(cts.Token))
        {
            seen.Add(events.Current);
            if (events.Current is T hit && (match is null || match(hit)))
            {
                return hit;
            }

            if (events.Current is TurnEnded ended)
            {
                throw new InvalidOperationException($"The turn ended ({ended.Outcome}: {ended.Error}) before the expected {typeof(T).Name}.");
            }
        }

        throw new InvalidOperationException($"The event stream ended before {typeof(T).Name}.");
    }
}
