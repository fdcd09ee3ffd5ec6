using Orchestrator.Bot.Telegram.Outbox;

namespace Orchestrator.Bot.Tests.Telegram.Outbox;

/// <summary>
/// When a live message's text is chosen and how far apart a chat's calls are: what the user sees is the text as it is
/// when the call can actually go out, and a slow answer from Telegram does not stretch the chat's pace.
/// </summary>
public sealed class SendSlotTests
{
    private const long Chat = 1001;

    [Fact]
    public async Task A_live_message_waiting_for_the_bot_wide_budget_sends_the_text_it_has_when_the_budget_frees()
    {
        await using var fixture = new OutboxFixture(o =>
        {
            o.GlobalMessagesPerSecond = 1;
            o.GlobalWindow = TimeSpan.FromMilliseconds(50);
        });
        var global = fixture.Outbox.Global;
        var queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var other = await global.WaitAsync(CancellationToken.None).Within(); // another chat's call holds the whole budget
        global.WaiterQueued += () => queued.TrySetResult();

        var text = "old words";
        var renders = 0;
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));
        await using var owner = new ContentOwner(live, () =>
        {
            Interlocked.Increment(ref renders);
            return [OutboxFixture.Html(Volatile.Read(ref text))];
        });
        live.MarkStale();

        await queued.Task.Within(); // the chat now waits for the bot-wide budget
        Volatile.Write(ref text, "newest words");
        other.Dispose();

        var first = await fixture.Telegram.WaitForCallAsync(c => c.ChatId == Chat).Within();
        Assert.Equal("newest words", first.Text);
        Assert.Equal(1, Volatile.Read(ref renders));
        await live.CompleteAsync([OutboxFixture.Html("done")]).Within();
    }

    [Fact]
    public async Task A_slow_answer_does_not_stretch_the_chats_pace_and_calls_never_come_closer_than_the_interval()
    {
        var interval = TimeSpan.FromMilliseconds(400);
        var latency = TimeSpan.FromMilliseconds(400);
        await using var fixture = new OutboxFixture(
            o => o.PrivateChatInterval = interval,
            new FakeTelegramLimits { PrivateInterval = interval, AnswerDelay = latency });
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));

        for (var i = 1; i <= 4; i++)
        {
            live.Update([OutboxFixture.Html($"state {i}")]);
            await fixture.Telegram.WaitForCallAsync(c => c.ChatId == Chat && c.Text == $"state {i}").Within();
        }

        var arrivals = fixture.Telegram.CallsTo(Chat).Select(c => c.At).ToArray();
        var gaps = arrivals.Zip(arrivals.Skip(1), (a, b) => b - a).ToArray();
        Assert.Equal(3, gaps.Length);
        // Each call is stamped just before it is made and the fake records it on arrival: allow for that moment.
        Assert.All(gaps, gap => Assert.True(gap >= interval - TimeSpan.FromMilliseconds(40), $"calls {gap.TotalMilliseconds} ms apart"));

        // Counted from each answer, the calls would be interval + latency = 800 ms apart.
        Assert.True(gaps.Min() < interval + (latency / 2), $"gaps: {string.Join(", ", gaps.Select(g => g.TotalMilliseconds))} ms");
        await live.CompleteAsync([OutboxFixture.Html("done")]).Within();
    }

    [Fact]
    public async Task When_an_answer_outgrows_its_message_the_next_page_follows_before_other_chats_waiting_turns()
    {
        await using var fixture = new OutboxFixture(o =>
        {
            o.GlobalMessagesPerSecond = 1;
            o.GlobalWindow = TimeSpan.FromSeconds(1); // far longer than the chat's own 50 ms interval
        });
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));
        live.Update([OutboxFixture.Html("page one, growing")]);
        await fixture.Telegram.WaitForCallAsync(c => c.ChatId == Chat).Within();

        var global = fixture.Outbox.Global;
        var held = await global.WaitAsync(CancellationToken.None).Within(); // everyone queues behind this call
        var queued = 0;
        var splitQueued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allQueued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        global.WaiterQueued += () =>
        {
            var count = Interlocked.Increment(ref queued);
            (count == 1 ? splitQueued : count == 4 ? allQueued : null)?.TrySetResult();
        };

        live.Update([OutboxFixture.Html("page one, final"), OutboxFixture.Html("page two")]);
        await splitQueued.Task.Within(); // the chat with the split waits first, then three others
        var others = new[] { 2001L, 2002L, 2003L }
            .Select(chat => fixture.Outbox.SendAsync(ChatTarget.Private(chat), OutboxFixture.Html($"hello {chat}")))
            .ToArray();
        await allQueued.Task.Within();
        held.Dispose();

        await fixture.Telegram.WaitForCallAsync(c => c.ChatId == Chat && c.Text == "page two").Within();
        await Task.WhenAll(others).Within();
        var order = fixture.Telegram.Calls.Skip(1).Select(c => c.ChatId == Chat ? c.Text : $"chat {c.ChatId}").ToArray();
        Assert.Equal("page one, final", order[0]);
        Assert.Equal("page two", order[1]);
        Assert.Equal(5, order.Length);
        await live.CompleteAsync([OutboxFixture.Html("page one, final"), OutboxFixture.Html("page two, final")]).Within();
    }

    [Fact]
    public async Task A_page_split_shows_the_new_page_in_the_same_slot_and_the_burst_is_paid_for_by_the_chats_pace()
    {
        var interval = TimeSpan.FromMilliseconds(500); // long enough that "half an interval" holds on a loaded machine
        await using var fixture = new OutboxFixture(
            o => o.PrivateChatInterval = interval,
            new FakeTelegramLimits { PrivateInterval = interval, PrivateBurst = 3 });
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));

        async Task<FakeCall> Show(params string[] pages)
        {
            live.Update([.. pages.Select(OutboxFixture.Html)]);
            return await fixture.Telegram.WaitForCallAsync(c => c.ChatId == Chat && c.Text == pages[^1]).Within();
        }

        // Streaming at the chat's full pace.
        for (var i = 1; i <= 3; i++)
        {
            await Show($"page one, {i}");
        }

        var page2 = await Show("page one, final", "page two");
        var page1Final = fixture.Telegram.CallsTo(Chat).Single(c => c.Text == "page one, final");
        Assert.True(page2.At - page1Final.At < interval / 2, $"the new page came {(page2.At - page1Final.At).TotalMilliseconds} ms after the old page's last edit");

        // Still at full pace: the burst is spent, so the next split costs a slot as any call would (unless this test was
        // slow enough to leave a slot unused, which earns the burst back: hence the check over every pair of calls).
        for (var i = 1; i <= 2; i++)
        {
            await Show("page one, final", $"page two, {i}");
        }

        await Show("page one, final", "page two, final", "page three");

        await live.CompleteAsync([OutboxFixture.Html("page one, final"), OutboxFixture.Html("page two, final"), OutboxFixture.Html("page three, final")]).Within();
        var calls = fixture.Telegram.CallsTo(Chat);
        Assert.DoesNotContain(calls, c => c.Outcome == FakeOutcome.TooManyRequests);

        // One call per interval over any stretch, plus one call of burst: n calls span at least (n - 2) intervals.
        var margin = TimeSpan.FromMilliseconds(40);
        for (var i = 0; i < calls.Count; i++)
        {
            for (var j = i + 2; j < calls.Count; j++)
            {
                Assert.True(calls[j].At - calls[i].At >= ((j - i - 1) * interval) - margin, $"calls {i} to {j} within {(calls[j].At - calls[i].At).TotalMilliseconds} ms");
            }
        }

        Assert.Equal(["page one, final", "page two, final", "page three, final"], fixture.Telegram.Messages(Chat).Select(m => m.Text));
    }
}
