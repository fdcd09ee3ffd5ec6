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

        var waiting = new[] { Call("b", ahead: false), Call("c", ahead: false), Call("a, second page", ahead: true) };
        first.Dispose();
        await Task.WhenAll(waiting).WaitAsync(Timeout);
        Assert.Equal(["a, second page", "b", "c"], order);
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
