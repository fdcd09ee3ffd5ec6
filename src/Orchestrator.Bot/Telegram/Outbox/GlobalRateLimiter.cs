namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>
/// The bot-wide budget: at most <c>permits</c> calls in any window of <c>window</c>, shared by every chat's sender,
/// chat actions and callback answers. A call counts from when it is granted until <c>window</c> after its answer
/// arrived (dispose the <see cref="Permit"/>): Telegram received it somewhere in between, so however the latency of
/// concurrent calls varies, Telegram never sees more than <c>permits</c> in a window.
/// </summary>
internal sealed class GlobalRateLimiter
{
    private readonly Queue<DateTimeOffset> _recent = new(); // answer times, oldest first
    private readonly Lock _gate = new();
    private readonly int _permits;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private int _inFlight;
    private TaskCompletionSource _answered = NewSignal();

    public GlobalRateLimiter(int permits, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        _permits = permits;
        _window = window;
        _time = time;
    }

    /// <summary>
    /// Takes a permit now if at least <paramref name="keepFree"/> permits would stay free in the window; never waits.
    /// For calls that may be skipped (typing indicators), so they never delay or crowd out messages.
    /// </summary>
    public Permit? TryTake(int keepFree)
    {
        lock (_gate)
        {
            Expire(_time.GetUtcNow());
            if (_inFlight + _recent.Count + 1 + keepFree > _permits)
            {
                return null;
            }

            _inFlight++;
            return new Permit(this);
        }
    }

    /// <summary>Waits until a call fits in the window and takes the permit. Dispose it when the answer arrived.</summary>
    public async Task<Permit> WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan? delay;
            Task answered;
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                Expire(now);
                if (_inFlight + _recent.Count < _permits)
                {
                    _inFlight++;
                    return new Permit(this);
                }

                answered = _answered.Task;
                delay = _recent.Count > 0 ? _recent.Peek() + _window - now : null; // null: every permit is in flight
            }

            if (delay is { } wait)
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), _time, cancellationToken);
            }
            else
            {
                await answered.WaitAsync(cancellationToken);
            }
        }
    }

    private void Expire(DateTimeOffset now)
    {
        while (_recent.Count > 0 && _recent.Peek() <= now - _window)
        {
            _recent.Dequeue();
        }
    }

    private void Answered()
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            _inFlight--;
            _recent.Enqueue(_time.GetUtcNow());
            signal = _answered;
            _answered = NewSignal();
        }

        signal.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One call's share of the budget; dispose when its answer (or failure) arrived.</summary>
    public sealed class Permit(GlobalRateLimiter limiter) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                limiter.Answered();
            }
        }
    }
}
