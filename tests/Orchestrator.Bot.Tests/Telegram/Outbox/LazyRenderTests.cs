using Orchestrator.Bot.Telegram.Outbox;

namespace Orchestrator.Bot.Tests.Telegram.Outbox;

/// <summary>
/// MarkStale: changes only mark the message stale; when the chat's send slot opens the outbox asks the owner for the
/// content (a message, <see cref="ILiveMessage.ContentRequested"/>) and sends its answer. The outbox never renders.
/// </summary>
public sealed class LazyRenderTests
{
    private const long Chat = 1001;

    [Fact]
    public async Task Many_changes_cost_one_answer_per_send_and_what_goes_out_is_the_newest_text()
    {
        await using var fixture = new OutboxFixture();
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));
        var text = "start";
        var gate = new Lock();
        IReadOnlyList<OutgoingContent> Render()
        {
            lock (gate)
            {
                return [OutboxFixture.Html(text)];
            }
        }

        await using var owner = new ContentOwner(live, Render);
        live.MarkStale();
        await live.FirstMessageIdAsync.Within();
        for (var i = 0; i < 500; i++)
        {
            lock (gate)
            {
                text = $"word {i}";
            }

            live.MarkStale();
        }

        // The newest text reaches Telegram as soon as the chat's interval allows, without a final push.
        await fixture.Telegram.WaitForCallAsync(c => c.ChatId == Chat && c.Text == "word 499").Within();
        Assert.InRange(owner.Answers, 2, 6);
        Assert.Equal("word 499", Assert.Single(fixture.Telegram.Messages(Chat)).Text);

        await live.CompleteAsync([OutboxFixture.Html("final")]).Within();
        Assert.Equal("final", Assert.Single(fixture.Telegram.Messages(Chat)).Text);
    }

    [Fact]
    public async Task An_owner_that_does_not_answer_holds_nothing_up_and_its_later_content_goes_out()
    {
        await using var fixture = new OutboxFixture();
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));
        live.Update([OutboxFixture.Html("first")]);
        await live.FirstMessageIdAsync.Within();

        var request = live.ContentRequested;
        live.MarkStale(); // nobody answers: the slot sends what it has (nothing new) and goes on
        await request.Within();
        live.Update([OutboxFixture.Html("second")]);

        await fixture.Telegram.WaitForCallAsync(c => c.ChatId == Chat && c.Text == "second").Within();
        await live.CompleteAsync([OutboxFixture.Html("done")]).Within();
        Assert.Equal("done", Assert.Single(fixture.Telegram.Messages(Chat)).Text);
    }

    [Fact]
    public async Task A_final_state_after_a_change_nobody_was_asked_about_yet_completes()
    {
        await using var fixture = new OutboxFixture();
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));
        live.Update([OutboxFixture.Html("first")]);
        await live.FirstMessageIdAsync.Within();

        live.MarkStale(); // the chat's next slot is an interval away: nobody is asked before the final state comes
        await live.CompleteAsync([OutboxFixture.Html("final")]).Within();

        Assert.Equal("final", Assert.Single(fixture.Telegram.Messages(Chat)).Text);
    }
}
