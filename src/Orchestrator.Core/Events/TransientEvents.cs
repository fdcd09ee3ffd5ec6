namespace Orchestrator.Core.Events;

/// <summary>
/// <see cref="ITransientEvents"/> as a ring of the last <see cref="Capacity"/> events under one lock. A publish costs the
/// event record, and a new wake-up task only when a reader is waiting (deltas are the hottest path of the bot: with
/// nobody listening, nothing more is allocated); nothing per reader.
/// </summary>
public sealed class TransientEvents : ITransientEvents
{
    /// <summary>Events kept for replay: a reconnect within this many deltas (all agents together) misses nothing.</summary>
    public const int Capacity = 8192;

    private readonly TransientEvent?[] _ring = new TransientEvent?[Capacity];
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _last;
    private bool _waited;

    public TransientEvents(TimeProvider time)
    {
        _time = time;
        Epoch = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public string Epoch { get; }

    public long LastSeq
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    public void Publish(string kind, string agentId, long chatId, long turnId, string text)
    {
        TaskCompletionSource? woken = null;
        lock (_gate)
        {
            _last++;
            _ring[_last % Capacity] = new TransientEvent(_last, _time.GetUtcNow(), kind, agentId, chatId, turnId, text);
            if (_waited)
            {
                woken = _next;
                _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waited = false;
            }
        }

        woken?.TrySetResult();
    }

    public TransientBatch ReadAfter(long afterSeq, int max = 500)
    {
        lock (_gate)
        {
            var oldest = Math.Max(1, _last - Capacity + 1);
            // Behind the ring (events were overwritten), or a position this sequence never gave: a gap, then the oldest kept.
            var gap = afterSeq < 0 || afterSeq + 1 < oldest || afterSeq > _last;
            var from = gap ? oldest : afterSeq + 1;
            var events = new List<TransientEvent>((int)Math.Clamp(_last - from + 1, 0, max));
            for (var seq = from; seq <= _last && events.Count < max; seq++)
            {
                events.Add(_ring[seq % Capacity]!);
            }

            return new TransientBatch(events, gap);
        }
    }

    public Task WaitAfterAsync(long afterSeq, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_last > afterSeq)
            {
                return Task.CompletedTask;
            }

            _waited = true;
            return _next.Task.WaitAsync(cancellationToken);
        }
    }
}
