namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>
/// The bot-wide budget: at most <c>permits</c> calls in any window of <c>window</c> (a sliding log of call times).
/// Shared by every chat's sender, chat actions and callback answers.
/// </summary>
internal sealed class GlobalRateLimiter
{
    private readonly Queue<DateTimeOffset> _recent = new();
    private readonly int _permits;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;

    public GlobalRateLimiter(int permits, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        _permits = permits;
        _window = window;
        _time = time;
    }

    /// <summary>Waits until a call fits in the window and takes the permit.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan delay;
            lock (_recent)
            {
                var now = _time.GetUtcNow();
                while (_recent.Count > 0 && _recent.Peek() <= now - _window)
                {
                    _recent.Dequeue();
                }

                if (_recent.Count < _permits)
                {
                    _recent.Enqueue(now);
                    return;
                }

                delay = _recent.Peek() + _window - now;
            }

            await Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.FromMilliseconds(1), _time, cancellationToken);
        }
    }
}
