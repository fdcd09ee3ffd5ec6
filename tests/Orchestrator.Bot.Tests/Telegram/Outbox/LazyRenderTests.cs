using Orchestrator.Bot.Telegram.Outbox;

namespace Orchestrator.Bot.Tests.Telegram.Outbox;

/// <summary>Invalidate: changes only mark the message stale; it is rendered when the chat's send slot opens.</summary>
public sealed class LazyRenderTests
{
    private const long Chat = 1001;

    [Fact]
    public async Task Many_changes_cost_one_render_per_send_and_what_goes_out_is_the_newest_text()
    {
        await using var fixture = new OutboxFixture();
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));
        var text = "start";
        var renders = 0;
        var gate = new Lock();
        IReadOnlyList<OutgoingContent> Render()
        {
            lock (gate)
            {
                renders++;
                return [OutboxFixture.Html(text)];
            }
        }

        live.Invalidate(Render);
        await live.FirstMessageIdAsync.Within();
        for (var i = 0; i < 500; i++)
        {
            lock (gate)
            {
                text = $"word {i}";
            }

            live.Invalidate(Render);
        }

        // The newest text reaches Telegram as soon as the chat's interval allows, without a final push.
        await fixture.Telegram.WaitForCallAsync(c => c.ChatId == Chat && c.Text == "word 499").Within();
        Assert.InRange(renders, 2, 6);
        Assert.Equal("word 499", Assert.Single(fixture.Telegram.Messages(Chat)).Text);

        await live.CompleteAsync([OutboxFixture.Html("final")]).Within();
        Assert.Equal("final", Assert.Single(fixture.Telegram.Messages(Chat)).Text);
    }

    [Fact]
    public async Task A_render_that_throws_keeps_the_last_state_and_a_later_one_goes_out()
    {
        await using var fixture = new OutboxFixture();
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));
        live.Update([OutboxFixture.Html("first")]);
        await live.FirstMessageIdAsync.Within();

        live.Invalidate(() => throw new InvalidOperationException("broken render"));
        await fixture.Logger.WaitForAsync(m => m.Contains("Rendering a live message", StringComparison.Ordinal)).Within();
        live.Invalidate(() => [OutboxFixture.Html("second")]);

        await fixture.Telegram.WaitForCallAsync(c => c.ChatId == Chat && c.Text == "second").Within();
        await live.CompleteAsync([OutboxFixture.Html("done")]).Within();
        Assert.Equal("done", Assert.Single(fixture.Telegram.Messages(Chat)).Text);
    }
}
