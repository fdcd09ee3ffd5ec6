namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>
/// The bot-wide budget: at most <c>permits</c> calls in any window of <c>window</c>, shared by every chat's sender,
/// chat actions and callback answers. A call counts from when it is granted until <c>window</c> after its answer
/// arrived (dispose the <see cref="Permit"/>): Telegram received it somewhere in between, so however the latency of
/// concurrent calls varies, Telegram never sees more than <c>permits</c> in a window. Waiters are granted at a steady
/// one per <c>window / permits</c> (GCRA, with a tolerance of two such steps so that timer delays do not add up), not all
/// at once when a window frees: otherwise, under a full budget, the grants clump at the start of each window and whoever
/// queues just after a clump (the next page of a split answer, say) waits a whole window. A few permits of the window
/// (<c>reservedForAhead</c>) are kept for callers going ahead (the next page of a split answer): under a full budget they
/// are granted at once, without waiting for the next step, and ordinary calls fill the window only up to the reserve.
/// </summary>
internal sealed class GlobalRateLimiter
{
    private readonly Queue<DateTimeOffset> _recent = new(); // answer times, oldest first
    private readonly Lock _gate = new();
    private readonly int _permits;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly LinkedList<TaskCompletionSource> _ahead = new(); // second halves of chats' updates, oldest first
    private readonly LinkedList<TaskCompletionSource> _waiters = new(); // everyone else, oldest first
    private readonly TimeSpan _spacing;
    private readonly TimeSpan _tolerance;
    private readonly int _reservedForAhead;
    private int _inFlight;
    private DateTimeOffset _theoretical; // GCRA: the grants so far, one per spacing, would end here
    private ITimer? _timer;

    /// <summary>Raised when a caller starts waiting for a permit (the budget is used up). For tests and diagnostics.</summary>
    internal event Action? WaiterQueued;

    public GlobalRateLimiter(int permits, TimeSpan window, TimeProvider time, int reservedForAhead = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(reservedForAhead);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(reservedForAhead, permits);
        _permits = permits;
        _reservedForAhead = reservedForAhead;
        _window = window;
        _time = time;
        _spacing = window / permits;
        _tolerance = 2 * _spacing;
        _theoretical = time.GetUtcNow();
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
            if (Waiting > 0 || _inFlight + _recent.Count + 1 + keepFree > _permits)
            {
                return null;
            }

            Granted(_time.GetUtcNow());
            return new Permit(this);
        }
    }

    /// <summary>
    /// Waits until a call fits in the window and takes the permit; dispose it when the answer arrived. Waiters are served
    /// first come, first served, so under a full budget every chat gets its turn (no chat starves behind luckier ones).
    /// </summary>
    public Task<Permit> WaitAsync(CancellationToken cancellationToken) => WaitAsync(ahead: false, cancellationToken);

    /// <summary>
    /// As <see cref="WaitAsync(CancellationToken)"/>; <paramref name="ahead"/> puts the caller before everyone waiting
    /// without it (and after those waiting with it, first come, first served): for the second half of a chat's update (a
    /// new page after the previous one was finalized), which already had its turn.
    /// </summary>
    public async Task<Permit> WaitAsync(bool ahead, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        LinkedListNode<TaskCompletionSource> node;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            Expire(now);
            if ((ahead ? _ahead.Count : Waiting) == 0 && HasRoom(ahead))
            {
                Granted(now);
                return new Permit(this);
            }

            node = (ahead ? _ahead : _waiters).AddLast(waiter);
            ScheduleLocked(now);
        }

        WaiterQueued?.Invoke();

        await using (cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                node.List?.Remove(node);
            }

            waiter.TrySetCanceled(cancellationToken);
        }))
        {
            await waiter.Task; // granted: the permit was counted by the grant
        }

        return new Permit(this);
    }

    /// <summary>
    /// Grants permits to the oldest waiters while the window has room; otherwise wakes up when it will. Callers going
    /// ahead take the reserve and do not wait for the steady pace; the others are granted one per step.
    /// </summary>
    private void GrantLocked(DateTimeOffset now)
    {
        Expire(now);
        while (true)
        {
            LinkedListNode<TaskCompletionSource> first;
            if (_ahead.First is { } ahead && HasRoom(ahead: true))
            {
                first = ahead;
            }
            else if (_ahead.Count == 0 && _waiters.First is { } waiter && HasRoom(ahead: false) && now >= NextGrant)
            {
                first = waiter;
            }
            else
            {
                break;
            }

            first.List!.RemoveFirst();
            if (first.Value.TrySetResult())
            {
                Granted(now);
            }
        }

        ScheduleLocked(now);
    }

    private int Waiting => _ahead.Count + _waiters.Count;

    private bool HasRoom(bool ahead) => _inFlight + _recent.Count < _permits - (ahead ? 0 : _reservedForAhead);

    /// <summary>A waiter is granted no sooner than this.</summary>
    private DateTimeOffset NextGrant => _theoretical - _tolerance;

    private void Granted(DateTimeOffset now)
    {
        _inFlight++;
        _theoretical = (_theoretical > now ? _theoretical : now) + _spacing;
    }

    private void ScheduleLocked(DateTimeOffset now)
    {
        if (Waiting == 0)
        {
            return;
        }

        // Callers going ahead wait only for room in the window; the others also for the steady pace.
        var ahead = _ahead.Count > 0;
        var pace = ahead ? now : NextGrant;
        TimeSpan due;
        if (HasRoom(ahead))
        {
            due = pace - now; // room in the window: the next grant's turn
        }
        else if (_recent.Count > 0)
        {
            var expiry = _recent.Peek() + _window;
            due = (expiry > pace ? expiry : pace) - now;
        }
        else
        {
            return; // every permit is in flight: the next answer grants
        }

        _timer ??= _time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            GrantLocked(_time.GetUtcNow());
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
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            _inFlight--;
            _recent.Enqueue(now);
            GrantLocked(now);
        }
    }

    private void Unused()
    {
        lock (_gate)
        {
            _inFlight--;
            GrantLocked(_time.GetUtcNow());
        }
    }

    /// <summary>One call's share of the budget; dispose when its answer (or failure) arrived.</summary>
    public sealed class Permit(GlobalRateLimiter limiter) : IDisposable
    {
        private int _disposed;

        /// <summary>The call was made and answered (or failed): its share counts for a window from now.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                limiter.Answered();
            }
        }

        /// <summary>No call was made with this permit: it is free again at once (the next waiter gets it).</summary>
        public void Return()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                limiter.Unused();
            }
        }
    }
}
