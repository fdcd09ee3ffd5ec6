using Orchestrator.Bot.Telegram.Outbox;

namespace Orchestrator.Bot.Tests.Telegram.Outbox;

public sealed class RateLimitTests
{
    private const long ChatA = 2001;
    private const long ChatB = 2002;

    [Fact]
    public async Task A_banned_chat_does_not_delay_another_chat()
    {
        await using var fixture = new OutboxFixture();
        fixture.Telegram.ForceTooManyRequests(ChatA, retryAfterSeconds: 1);
        var sendA = fixture.Outbox.SendAsync(ChatTarget.Private(ChatA), OutboxFixture.Html("to A"));
        var ban = await fixture.Telegram.WaitForCallAsync(c => c.ChatId == ChatA && c.Outcome == FakeOutcome.TooManyRequests).Within();

        var idsB = await Task.WhenAll(
            fixture.Outbox.SendAsync(ChatTarget.Private(ChatB), OutboxFixture.Html("B1")),
            fixture.Outbox.SendAsync(ChatTarget.Private(ChatB), OutboxFixture.Html("B2")),
            fixture.Outbox.SendAsync(ChatTarget.Private(ChatB), OutboxFixture.Html("B3"))).Within();

        Assert.False(sendA.IsCompleted, "chat A is still banned");
        Assert.Equal(["B1", "B2", "B3"], fixture.Telegram.Messages(ChatB).Select(m => m.Text));
        Assert.All(fixture.Telegram.CallsTo(ChatB), c => Assert.True(c.At < ban.At + TimeSpan.FromSeconds(1)));
        Assert.Equal(3, idsB.Distinct().Count());

        var idA = await sendA.Within();
        Assert.Equal(idA, Assert.Single(fixture.Telegram.Messages(ChatA)).Id);
    }

    [Fact]
    public async Task Retry_after_is_honoured_and_the_final_text_still_arrives()
    {
        await using var fixture = new OutboxFixture();
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(ChatA));
        live.Update([OutboxFixture.Html("draft")]);
        await live.FirstMessageIdAsync.Within();
        fixture.Telegram.ForceTooManyRequests(ChatA, retryAfterSeconds: 1);
        live.Update([OutboxFixture.Html("draft 2")]);
        var ban = await fixture.Telegram.WaitForCallAsync(c => c.ChatId == ChatA && c.Outcome == FakeOutcome.TooManyRequests).Within();
        live.Update([OutboxFixture.Html("draft 3")]);

        await live.CompleteAsync([OutboxFixture.Html("final")]).Within();

        Assert.Equal("final", Assert.Single(fixture.Telegram.Messages(ChatA)).Text);
        var calls = fixture.Telegram.CallsTo(ChatA);
        Assert.Single(calls, c => c.Outcome == FakeOutcome.TooManyRequests); // a call during the ban would have prolonged it
        var after = calls.SkipWhile(c => c != ban).Skip(1).ToArray();
        Assert.Equal(["final"], after.Select(c => c.Text)); // the intermediate drafts were coalesced away
        Assert.True(after[0].At >= ban.At + TimeSpan.FromSeconds(1), $"called {after[0].At - ban.At} after the 429");
    }

    [Fact]
    public async Task Typing_is_not_sent_to_a_banned_chat()
    {
        await using var fixture = new OutboxFixture();
        fixture.Telegram.ForceTooManyRequests(ChatA, retryAfterSeconds: 1);
        var send = fixture.Outbox.SendAsync(ChatTarget.Private(ChatA), OutboxFixture.Html("hello"));
        await fixture.Telegram.WaitForCallAsync(c => c.Outcome == FakeOutcome.TooManyRequests).Within();
        await fixture.Logger.WaitForAsync(m => m.Contains("rate limit (429) for chat", StringComparison.Ordinal)).Within(); // the outbox knows of the ban

        await fixture.Outbox.SendTypingAsync(ChatTarget.Private(ChatA)).Within();
        await fixture.Outbox.SendTypingAsync(ChatTarget.Private(ChatB)).Within();
        await send.Within();

        Assert.DoesNotContain(fixture.Telegram.CallsTo(ChatA), c => c.Method == "sendChatAction");
        Assert.Contains(fixture.Telegram.CallsTo(ChatB), c => c.Method == "sendChatAction" && c.Outcome == FakeOutcome.Ok);
        Assert.Single(fixture.Telegram.Calls, c => c.Outcome == FakeOutcome.TooManyRequests);
    }

    [Fact]
    public async Task Per_chat_budget_holds_under_load_without_any_429()
    {
        await using var fixture = new OutboxFixture();
        var target = ChatTarget.Private(ChatA);
        var live = fixture.Outbox.CreateLive(target);
        var sends = new List<Task<int>>();
        for (var i = 0; i < 12; i++)
        {
            sends.Add(fixture.Outbox.SendAsync(target, OutboxFixture.Html($"one-off {i}")));
            for (var j = 0; j < 10; j++)
            {
                live.Update([OutboxFixture.Html($"live {i}.{j}")]);
            }

            _ = fixture.Outbox.SendTypingAsync(target);
        }

        await Task.WhenAll(sends).Within();
        await live.CompleteAsync([OutboxFixture.Html("live final")]).Within();

        var calls = fixture.Telegram.CallsTo(ChatA).Where(c => c.IsMessageCall).ToArray();
        Assert.DoesNotContain(fixture.Telegram.Calls, c => c.Outcome == FakeOutcome.TooManyRequests);
        Assert.InRange(calls.Length, 13, 40);
        // The final state may use the chat's burst (the user waits for it); every call before it is an interval apart.
        AssertSpacing(calls[..^1], OutboxFixture.Interval);
        Assert.Contains(fixture.Telegram.Messages(ChatA), m => m.Text == "live final");
        Assert.Equal(12, fixture.Telegram.Messages(ChatA).Count(m => m.Text.StartsWith("one-off", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Groups_are_paced_to_their_per_window_budget()
    {
        await using var fixture = new OutboxFixture(); // 10 per second in the outbox, the fake allows 12
        var target = ChatTarget.Group(-ChatA, messageThreadId: 5);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => fixture.Outbox.SendAsync(target, OutboxFixture.Html($"g{i}")))).Within();

        var calls = fixture.Telegram.CallsTo(-ChatA);
        Assert.Equal(6, calls.Count);
        Assert.All(calls, c => Assert.Equal(FakeOutcome.Ok, c.Outcome));
        AssertSpacing(calls, TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task The_global_budget_spreads_many_chats_without_any_429()
    {
        await using var fixture = new OutboxFixture(); // 25 per 500 ms in the outbox, the fake allows 30

        var sends = Enumerable.Range(0, 70).Select(i => fixture.Outbox.SendAsync(ChatTarget.Private(3000 + i), OutboxFixture.Html($"m{i}")));
        await Task.WhenAll(sends).Within();

        var calls = fixture.Telegram.Calls;
        Assert.Equal(70, calls.Count);
        Assert.All(calls, c => Assert.Equal(FakeOutcome.Ok, c.Outcome));
        // 70 calls at 25 per 500 ms need two full windows (unlimited, they would all arrive within a few milliseconds).
        var spread = calls[^1].At - calls[0].At;
        Assert.True(spread >= TimeSpan.FromMilliseconds(950), $"70 calls within {spread}");
    }

    [Fact]
    public async Task Work_in_one_chat_is_served_in_order_of_arrival()
    {
        await using var fixture = new OutboxFixture();
        var target = ChatTarget.Private(ChatA);
        var first = fixture.Outbox.SendAsync(target, OutboxFixture.Html("first"));
        var live = fixture.Outbox.CreateLive(target);
        live.Update([OutboxFixture.Html("live")]);
        var last = fixture.Outbox.SendAsync(target, OutboxFixture.Html("last"));

        await Task.WhenAll(first, last, live.FirstMessageIdAsync).Within();

        Assert.Equal(["first", "live", "last"], fixture.Telegram.CallsTo(ChatA).Select(c => c.Text));
    }

    [Fact]
    public async Task Stopping_flushes_pending_final_states()
    {
        var fixture = new OutboxFixture();
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(ChatA));
        live.Update([OutboxFixture.Html("draft")]);
        var completion = live.CompleteAsync([OutboxFixture.Html("final")]);

        await fixture.Outbox.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token).Within();

        Assert.True(completion.IsCompletedSuccessfully);
        Assert.Equal("final", Assert.Single(fixture.Telegram.Messages(ChatA)).Text);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => fixture.Outbox.SendAsync(ChatTarget.Private(ChatB), OutboxFixture.Html("late")));
        await fixture.DisposeAsync();
    }

    [Fact]
    public async Task Stopping_releases_waiters_of_live_messages_that_never_got_content()
    {
        var fixture = new OutboxFixture();
        var idle = fixture.Outbox.CreateLive(ChatTarget.Private(ChatA));

        await fixture.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => idle.FirstMessageIdAsync.Within());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => idle.CompleteAsync([OutboxFixture.Html("late")]).Within());
        Assert.Empty(fixture.Telegram.Calls);
    }

    private static void AssertSpacing(IReadOnlyList<FakeCall> calls, TimeSpan interval)
    {
        // Each call is stamped just before it is made and the fake records it on arrival: on a loaded machine a thread
        // can be held between the two for a few milliseconds (the fake's own limiter, which answers 429, has no margin).
        var margin = TimeSpan.FromMilliseconds(15);
        for (var i = 1; i < calls.Count; i++)
        {
            var gap = calls[i].At - calls[i - 1].At;
            Assert.True(gap >= interval - margin, $"calls {i - 1} and {i} only {gap.TotalMilliseconds} ms apart");
        }
    }
}
