using Orchestrator.Core.Events;

namespace Orchestrator.Core.Tests.Events;

public sealed class TransientEventsTests
{
    private readonly TransientEvents _events = new(TimeProvider.System);

    [Fact]
    public void A_reader_gets_every_event_after_its_position_in_order()
    {
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
    public async Task A_waiting_reader_wakes_on_the_next_event()
    {
        var waiting = _events.WaitAfterAsync(0, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        _events.Publish(TransientKinds.TurnDelta, "a1", 42, 7, "x");

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(_events.WaitAfterAsync(0, CancellationToken.None).IsCompleted);
    }
}
