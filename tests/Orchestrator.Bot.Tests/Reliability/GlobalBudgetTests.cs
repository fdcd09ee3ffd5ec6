using Orchestrator.Bot.Telegram.Outbox;

namespace Orchestrator.Bot.Tests.Reliability;

/// <summary>
/// The bot-wide Telegram budget under load (found with the load driver, docs/performance.md): chats are served in
/// arrival order, a call counts until a window after its answer, and typing indicators never crowd out messages.
/// </summary>
public sealed class GlobalBudgetTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Waiting_chats_get_the_budget_in_arrival_order()
    {
        var budget = new GlobalRateLimiter(1, TimeSpan.FromMilliseconds(50), TimeProvider.System);
        var first = await budget.WaitAsync(CancellationToken.None);
        var order = new List<int>();
        var waiters = Enumerable.Range(0, 5).Select(async i =>
        {
            using var permit = await budget.WaitAsync(CancellationToken.None);
            lock (order)
            {
                order.Add(i);
            }
        }).ToArray();

        first.Dispose();
        await Task.WhenAll(waiters).WaitAsync(Timeout);
        Assert.Equal([0, 1, 2, 3, 4], order);
    }

    [Fact]
    public async Task A_chat_finishing_its_update_goes_before_chats_still_waiting_for_their_turn()
    {
        var budget = new GlobalRateLimiter(1, TimeSpan.FromMilliseconds(20), TimeProvider.System);
        var first = await budget.WaitAsync(CancellationToken.None);
        var order = new List<string>();
        async Task Call(string name, bool ahead)
        {
            using var permit = await budget.WaitAsync(ahead, CancellationToken.None);
            lock (order)
            {
                order.Add(name);
            }
        }

        var waiting = new[]
        {
            Call("b", ahead: false), Call("c", ahead: false), Call("a, second page", ahead: true), Call("d, second page", ahead: true),
        };
        first.Dispose();
        await Task.WhenAll(waiting).WaitAsync(Timeout);
        Assert.Equal(["a, second page", "d, second page", "b", "c"], order); // second pages first, in their own order
    }

    [Fact]
    public async Task Under_a_full_budget_grants_are_spread_over_the_window_so_a_second_page_waits_one_step_not_a_window()
    {
        var budget = new GlobalRateLimiter(5, TimeSpan.FromSeconds(1), TimeProvider.System);
        foreach (var permit in await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => budget.WaitAsync(CancellationToken.None))))
        {
            permit.Dispose(); // the window is full until a second from now
        }

        var order = new List<string>();
        async Task<TimeSpan> Call(string name, bool ahead)
        {
            var queued = TimeProvider.System.GetTimestamp();
            using var permit = await budget.WaitAsync(ahead, CancellationToken.None);
            lock (order)
            {
                order.Add(name);
            }

            return TimeProvider.System.GetElapsedTime(queued);
        }

        var first = Call("chat 0", ahead: false);
        var others = Enumerable.Range(1, 4).Select(i => Call($"chat {i}", ahead: false)).ToArray();
        await first.WaitAsync(Timeout);
        var secondPage = await Call("chat 0, second page", ahead: true).WaitAsync(Timeout);
        await Task.WhenAll(others).WaitAsync(Timeout);

        // Granted all at once when the window freed, the other four would have gone before the second page, which then
        // waited for the next window. Spread out (at most three at once, the tolerance for timer delays), the ones not yet
        // granted when the second page queued come after it.
        Assert.True(order.IndexOf("chat 0, second page") < order.IndexOf("chat 4"), string.Join(", ", order));
        Assert.True(secondPage < TimeSpan.FromMilliseconds(700), $"the second page waited {secondPage.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Under_a_full_budget_a_second_page_takes_the_reserved_permit_at_once_and_ordinary_calls_leave_it_free()
    {
        var time = new Harness.ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var budget = new GlobalRateLimiter(4, TimeSpan.FromSeconds(1), time, reservedForAhead: 1);
        (await budget.WaitAsync(CancellationToken.None)).Dispose();
        (await budget.WaitAsync(CancellationToken.None)).Dispose();
        var stillInFlight = await budget.WaitAsync(CancellationToken.None);

        var ordinary = budget.WaitAsync(CancellationToken.None);
        Assert.False(ordinary.IsCompleted, "three of four permits used: the fourth is kept for a second page");

        var secondPage = budget.WaitAsync(ahead: true, CancellationToken.None);
        Assert.True(secondPage.IsCompleted, "the second page takes the reserve without waiting for the window or the pace");
        (await secondPage).Dispose();

        var anotherSecondPage = budget.WaitAsync(ahead: true, CancellationToken.None);
        Assert.False(anotherSecondPage.IsCompleted, "the window is full: the reserve is one permit, not a way around the budget");

        time.Advance(TimeSpan.FromSeconds(1)); // the first calls' window has passed
        stillInFlight.Dispose();
        (await anotherSecondPage.WaitAsync(Timeout)).Dispose(); // room again: both waiters are granted
        (await ordinary.WaitAsync(Timeout)).Dispose();
    }

    [Fact]
    public async Task A_call_still_waiting_for_its_answer_keeps_its_share_of_the_budget()
    {
        var time = new Harness.ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var budget = new GlobalRateLimiter(2, TimeSpan.FromSeconds(1), time);
        using var slow = await budget.WaitAsync(CancellationToken.None);
        var answered = await budget.WaitAsync(CancellationToken.None);
        answered.Dispose();
        time.Advance(TimeSpan.FromSeconds(5)); // long after both were granted; one is still in flight

        var third = budget.WaitAsync(CancellationToken.None);
        Assert.True(third.IsCompleted, "the answered call's window has passed: its permit is free again");
        var fourth = budget.WaitAsync(CancellationToken.None);
        Assert.False(fourth.IsCompleted, "two calls are in flight: a third at once could reach Telegram in the same second");
        (await third).Dispose();
        time.Advance(TimeSpan.FromSeconds(2)); // the third's answer is a window old: room for the fourth
        (await fourth.WaitAsync(Timeout)).Dispose();
    }

    [Fact]
    public async Task Typing_takes_only_a_budget_with_room_to_spare_and_never_jumps_the_queue()
    {
        var time = new Harness.ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var budget = new GlobalRateLimiter(3, TimeSpan.FromSeconds(1), time);
        using (var typing = budget.TryTake(keepFree: 1))
        {
            Assert.NotNull(typing);
            Assert.Null(budget.TryTake(keepFree: 2)); // one used, one would be left: not the two asked to spare
            using var message = await budget.WaitAsync(CancellationToken.None);
            using var another = await budget.WaitAsync(CancellationToken.None);
            var waiting = budget.WaitAsync(CancellationToken.None);
            Assert.Null(budget.TryTake(keepFree: 0)); // a message waits: typing does not go first
            typing!.Dispose();
            time.Advance(TimeSpan.FromSeconds(2));
            message.Dispose();
            (await waiting.WaitAsync(Timeout)).Dispose();
        }
    }
}
