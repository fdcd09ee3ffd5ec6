using Orchestrator.Core.Events;

namespace Orchestrator.Core.Tests.Events;

public sealed class TransientEventsTests
{
    private readonly SteppedTime _time = new();
    private readonly TransientEvents _events;

    public TransientEventsTests() => _events = new TransientEvents(_time);

    [Fact]
    public void A_reader_gets_every_event_after_its_position_in_order()
    {
        Assert.Equal(0, _events.LastSeq); // a reader takes its position
        for (var i = 1; i <= 5; i++)
        {
            _events.Publish(TransientKinds.TurnDelta, "a1", 42, 7, $"d{i}");
        }

        var batch = _events.ReadAfter(2);

        Assert.False(batch.Gap);
        Assert.Equal(["d3", "d4", "d5"], batch.Events.Select(e => e.Text));
        Assert.Equal([3L, 4L, 5L], batch.Events.Select(e => e.Seq));
    }

    [Fact]
    public void A_reader_behind_the_ring_is_told_of_the_gap_and_gets_what_is_still_kept()
    {
        Assert.Equal(0, _events.LastSeq);
        for (var i = 1; i <= TransientEvents.Capacity + 10; i++)
        {
            _events.Publish(TransientKinds.TurnDelta, "a1", 42, 7, $"d{i}");
        }

        var behind = _events.ReadAfter(5, max: 3);
        var within = _events.ReadAfter(11, max: 3);

        Assert.True(behind.Gap);
        Assert.Equal(11, behind.Events[0].Seq); // the oldest kept
        Assert.False(within.Gap);
        Assert.Equal(12, within.Events[0].Seq);
    }

    [Fact]
    public void A_position_this_sequence_never_gave_is_a_gap()
    {
        _events.Publish(TransientKinds.TurnDelta, "a1", 42, 7, "only");

        Assert.True(_events.ReadAfter(99).Gap);
    }

    [Fact]
    public void With_nobody_reading_nothing_is_kept_and_a_reader_starts_from_now()
    {
        _events.Publish(TransientKinds.TurnDelta, "a1", 42, 7, "unheard");

        var start = _events.LastSeq;
        _events.Publish(TransientKinds.TurnDelta, "a1", 42, 7, "heard");

        Assert.Equal(1, start);
        var batch = _events.ReadAfter(start);
        Assert.False(batch.Gap);
        Assert.Equal(["heard"], batch.Events.Select(e => e.Text));
        var fromTheStart = _events.ReadAfter(0);
        Assert.True(fromTheStart.Gap); // "unheard" was never kept
        Assert.Equal(["heard"], fromTheStart.Events.Select(e => e.Text));
    }

    [Fact]
    public void A_reader_back_within_the_hold_misses_nothing_and_one_back_after_it_is_told_of_the_gap()
    {
        var position = _events.LastSeq;
        _events.Publish(TransientKinds.TurnDelta, "a1", 42, 7, "d1");
        _time.Advance(TransientEvents.AudienceHold - TimeSpan.FromSeconds(1)); // the reader reconnects in time
        _events.Publish(TransientKinds.TurnDelta, "a1", 42, 7, "d2");

        var back = _events.ReadAfter(position);
        Assert.False(back.Gap);
        Assert.Equal(["d1", "d2"], back.Events.Select(e => e.Text));

        position = back.Events[^1].Seq;
        _time.Advance(TransientEvents.AudienceHold + TimeSpan.FromSeconds(1)); // gone for longer than the hold
        _events.Publish(TransientKinds.TurnDelta, "a1", 42, 7, "d3");
        _events.Publish(TransientKinds.TurnDelta, "a1", 42, 7, "d4");

        var late = _events.ReadAfter(position);
        Assert.True(late.Gap);
        Assert.Empty(late.Events);
        Assert.Equal(4, _events.LastSeq); // the sequence went on: positions stay comparable
        _events.Publish(TransientKinds.TurnDelta, "a1", 42, 7, "d5"); // recording again: the reader is back
        Assert.Equal(["d5"], _events.ReadAfter(4).Events.Select(e => e.Text));
    }

    [Fact]
    public async Task A_waiting_reader_wakes_on_the_next_event()
    {
        var waiting = _events.WaitAfterAsync(0, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        _events.Publish(TransientKinds.TurnDelta, "a1", 42, 7, "x");

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(_events.WaitAfterAsync(0, CancellationToken.None).IsCompleted);
    }

    private sealed class SteppedTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
