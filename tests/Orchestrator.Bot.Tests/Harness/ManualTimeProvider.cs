namespace Orchestrator.Bot.Tests.Harness;

/// <summary>
/// A clock the test moves by hand (for rate limits measured in minutes). By default timers still run on real time, so
/// code that waits and then checks the clock sees only the time the test moved it by. With <c>manualTimers</c>, timers
/// (one-shot, as <see cref="Task.Delay(TimeSpan, TimeProvider)"/> uses them) fire only when <see cref="Advance"/>
/// reaches their due time, and <see cref="NextTimerArmedAsync"/> tells when the code has started waiting again.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start, bool manualTimers = false) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _armed = [];
    private long _ticks = start.UtcTicks;
    private TaskCompletionSource _nextArmed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (!manualTimers)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Completes when a timer is next armed (the code under test waits for a due time).</summary>
    public Task NextTimerArmedAsync()
    {
        lock (_gate)
        {
            return _nextArmed.Task;
        }
    }

    public void Advance(TimeSpan by)
    {
        Interlocked.Add(ref _ticks, by.Ticks);
        List<ManualTimer> due;
        lock (_gate)
        {
            var now = GetUtcNow();
            due = _armed.Where(t => t.Due <= now).ToList();
            _armed.RemoveAll(due.Contains);
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private void Arm(ManualTimer timer, DateTimeOffset? due)
    {
        TaskCompletionSource? armed = null;
        lock (_gate)
        {
            _armed.Remove(timer);
            if (due is { } at)
            {
                timer.Due = at;
                _armed.Add(timer);
                armed = _nextArmed;
                _nextArmed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        armed?.TrySetResult();
        if (due <= GetUtcNow())
        {
            Advance(TimeSpan.Zero); // already due: fires now, as a real timer would
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero)
            {
                throw new NotSupportedException("Manual timers are one-shot.");
            }

            clock.Arm(this, dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => clock.Arm(this, null);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
