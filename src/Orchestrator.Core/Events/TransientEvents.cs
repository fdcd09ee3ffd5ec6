namespace Orchestrator.Core.Events;

/// <summary>
/// <see cref="ITransientEvents"/> as a ring of the last <see cref="Capacity"/> events under one lock. A publish costs the
/// event record, and a new wake-up task only when a reader is waiting; nothing per reader.
/// <para>
/// The ring keeps events only while there is an audience: a reader read or waited within <see cref="AudienceHold"/>
/// (a reconnect within that time misses nothing). Without one, a publish only counts the sequence on. Deltas are the
/// hottest path of the bot and the ring would hold each of them (and its text) for thousands of deltas, long enough
/// for the garbage collector to promote them all to its oldest generation: at 100 streaming chats with nobody
/// listening, that was 4-5 MB of peak RSS for nothing (docs/performance.md 7.9). A reader that comes back after a
/// pause in recording gets <see cref="TransientBatch.Gap"/>, as one behind the ring does.
/// </para>
/// </summary>
public sealed class TransientEvents : ITransientEvents
{
    /// <summary>Events kept for replay: a reconnect within this many deltas (all agents together) misses nothing.</summary>
    public const int Capacity = 8192;

    /// <summary>How long after a reader's last read or wait the ring keeps recording (a reconnecting client's window).</summary>
    public static readonly TimeSpan AudienceHold = TimeSpan.FromMinutes(2);

    private readonly TransientEvent?[] _ring = new TransientEvent?[Capacity];
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _last;
    private bool _waited;
    private long _keptFrom = 1; // every sequence from this one to _last is in the ring (or was overwritten by a newer one)
    private DateTimeOffset _audienceUntil = DateTimeOffset.MinValue;

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
                HeardLocked(); // a reader takes its starting position: what comes next must be kept for it
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
            var now = _time.GetUtcNow();
            if (!_waited && now > _audienceUntil)
            {
                if (_keptFrom <= _last - 1)
                {
                    Array.Clear(_ring); // nobody will read them: let the garbage collector have them now
                }

                _keptFrom = _last + 1;
                return;
            }

            _ring[_last % Capacity] = new TransientEvent(_last, now, kind, agentId, chatId, turnId, text);
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
            HeardLocked();
            var oldest = Math.Max(_keptFrom, _last - Capacity + 1);
            // Behind the ring (events were overwritten), or a position this sequence never gave: a gap, then the oldest kept.
            var gap = afterSeq < 0 || afterSeq + 1 < oldest || afterSeq > _last;
            var from = gap ? oldest : afterSeq + 1;
            var events = new List<TransientEvent>((int)Math.Clamp(_last - from + 1, 0, max));
            // oldest can be _last + 1 (nothing kept since recording paused): then the loop below adds nothing.
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
            HeardLocked();
            if (_last > afterSeq)
            {
                return Task.CompletedTask;
            }

            _waited = true;
            return _next.Task.WaitAsync(cancellationToken);
        }
    }

    private void HeardLocked() => _audienceUntil = _time.GetUtcNow() + AudienceHold;
}
