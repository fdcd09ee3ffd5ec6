using System.Text;

namespace Orchestrator.Agents.Tests.Claude;

/// <summary>Reads a turn's events in the background and offers awaitable views of them.</summary>
public sealed class TurnEvents
{
    private readonly List<AgentEvent> _events = [];
    private readonly Lock _lock = new();
    private readonly List<(Func<AgentEvent, bool> Match, TaskCompletionSource<AgentEvent> Done)> _waiters = [];

    private TurnEvents(IAgentTurn turn)
    {
        Turn = turn;
        Finished = ReadAsync();
    }

    public IAgentTurn Turn { get; }

    /// <summary>Completes with the TurnEnded event once the stream has ended.</summary>
    public Task<TurnEnded> Finished { get; }

    public IReadOnlyList<AgentEvent> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public string Text => string.Concat(All.OfType<TextDelta>().Select(d => d.Delta));

    public static TurnEvents Watch(IAgentTurn turn) => new(turn);

    /// <summary>Completes with the first event of type <typeparamref name="T"/> that matches.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null)
        where T : AgentEvent
    {
        TaskCompletionSource<AgentEvent> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        bool Matches(AgentEvent e) => e is T t && (match is null || match(t));
        lock (_lock)
        {
            if (_events.FirstOrDefault(Matches) is { } existing)
            {
                return (T)existing;
            }

            _waiters.Add((Matches, done));
        }

        var found = await done.Task.WaitAsync(ClaudeHarness.Timeout);
        return (T)found;
    }

    public async Task<TurnEnded> EndAsync() => await Finished.WaitAsync(ClaudeHarness.Timeout);

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var e in All)
        {
            text.AppendLine(e.ToString());
        }

        return text.ToString();
    }

    private async Task<TurnEnded> ReadAsync()
    {
        TurnEnded? ended = null;
        await foreach (var e in Turn.Events)
        {
            lock (_lock)
            {
                _events.Add(e);
                foreach (var waiter in _waiters.Where(w => w.Match(e)).ToList())
                {
                    waiter.Done.TrySetResult(e);
                    _waiters.Remove(waiter);
                }
            }

            if (e is TurnEnded end)
            {
                ended = end;
            }
        }

        foreach (var waiter in _waiters)
        {
            waiter.Done.TrySetException(new InvalidOperationException("The turn ended without that event:\n" + this));
        }

        return ended ?? throw new InvalidOperationException("The event stream ended without TurnEnded.");
    }
}
