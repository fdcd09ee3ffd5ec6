using Orchestrator.Bot.Telegram.Outbox;

namespace Orchestrator.Bot.Tests.Telegram.Outbox;

public sealed class LiveMessageTests
{
    private const long Chat = 1001;

    [Fact]
    public async Task Hundred_rapid_updates_become_a_few_calls_and_the_final_text_arrives_exactly()
    {
        await using var fixture = new OutboxFixture();
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat), replyToMessageId: 7);
        live.Update([OutboxFixture.Html("<b>answer</b>")]);
        await live.FirstMessageIdAsync.Within();
        var text = "";
        for (var i = 0; i < 99; i++)
        {
            text += $"word{i} ";
            live.Update([OutboxFixture.Html($"<b>answer</b> {text}")]);
        }

        var final = OutboxFixture.Html("<b>answer</b> done: " + text);
        await live.CompleteAsync([final]).Within();

        var calls = fixture.Telegram.CallsTo(Chat);
        Assert.InRange(calls.Count, 2, 5); // the first send, then the newest state once the chat's interval allows an edit
        Assert.DoesNotContain(calls, c => c.Outcome == FakeOutcome.TooManyRequests);
        var message = Assert.Single(fixture.Telegram.Messages(Chat));
        Assert.Equal(final.Html, message.Text);
        Assert.Equal(7, message.ReplyToMessageId);
        Assert.Equal(message.Id, await live.FirstMessageIdAsync.Within());
        Assert.Equal([message.Id], live.MessageIds);
    }

    [Fact]
    public async Task Pages_are_sent_in_order_and_earlier_pages_are_edited_to_their_final_content()
    {
        await using var fixture = new OutboxFixture();
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));
        live.Update([OutboxFixture.Html("page 1 draft")]);
        await live.FirstMessageIdAsync.Within();
        live.Update([OutboxFixture.Html("page 1 longer draft"), OutboxFixture.Html("page 2 draft")]);
        live.Update([OutboxFixture.Html("page 1 full"), OutboxFixture.Html("page 2 full"), OutboxFixture.Html("page 3 draft")]);
        await live.CompleteAsync([OutboxFixture.Html("page 1 final"), OutboxFixture.Html("page 2 final"), OutboxFixture.Html("page 3 final")]).Within();

        var messages = fixture.Telegram.Messages(Chat);
        Assert.Equal(["page 1 final", "page 2 final", "page 3 final"], messages.Select(m => m.Text));
        Assert.Equal(messages.Select(m => m.Id), live.MessageIds);
        var sends = fixture.Telegram.CallsTo(Chat).Where(c => c.Method == "sendMessage").Select(c => c.Text![..6]);
        Assert.Equal(["page 1", "page 2", "page 3"], sends);
        Assert.Contains(fixture.Telegram.CallsTo(Chat), c => c.Method == "editMessageText" && c.MessageId == messages[0].Id);
    }

    [Fact]
    public async Task Final_state_with_fewer_pages_deletes_the_extra_messages()
    {
        await using var fixture = new OutboxFixture();
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));
        live.Update([OutboxFixture.Html("one"), OutboxFixture.Html("two")]);
        await fixture.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.Text == "two").Within();

        await live.CompleteAsync([OutboxFixture.Html("only one")]).Within();

        Assert.Equal(["only one"], fixture.Telegram.Messages(Chat).Select(m => m.Text));
        Assert.Single(live.MessageIds);
    }

    [Fact]
    public async Task An_edit_that_renders_the_same_is_skipped_without_error_or_retry()
    {
        await using var fixture = new OutboxFixture();
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));
        live.Update([new OutgoingContent("x &amp; y", "x & y")]);
        await live.FirstMessageIdAsync.Within();

        // Different HTML, same rendered text: Telegram answers "message is not modified".
        await live.CompleteAsync([new OutgoingContent("x &#38; y", "x & y")]).Within();

        var calls = fixture.Telegram.CallsTo(Chat);
        Assert.Equal([FakeOutcome.Ok, FakeOutcome.NotModified], calls.Select(c => c.Outcome));
        Assert.Equal("x &amp; y", Assert.Single(fixture.Telegram.Messages(Chat)).Text);
    }

    [Fact]
    public async Task A_message_deleted_by_the_user_is_sent_again_with_the_final_text()
    {
        await using var fixture = new OutboxFixture();
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));
        live.Update([OutboxFixture.Html("working…")]);
        var first = await live.FirstMessageIdAsync.Within();
        fixture.Telegram.DeleteByUser(Chat, first);

        await live.CompleteAsync([OutboxFixture.Html("final")]).Within();

        var message = Assert.Single(fixture.Telegram.Messages(Chat));
        Assert.Equal("final", message.Text);
        Assert.NotEqual(first, message.Id);
        Assert.Equal([message.Id], live.MessageIds);
        Assert.Contains(fixture.Telegram.CallsTo(Chat), c => c.Outcome == FakeOutcome.MessageToEditNotFound);
    }

    [Fact]
    public async Task Server_and_network_errors_on_the_final_state_are_retried_until_delivered()
    {
        await using var fixture = new OutboxFixture();
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));
        live.Update([OutboxFixture.Html("draft")]);
        await live.FirstMessageIdAsync.Within();
        fixture.Telegram.FailNext(Chat, FakeOutcome.ServerError);
        fixture.Telegram.FailNext(Chat, FakeOutcome.NetworkError);
        fixture.Telegram.FailNext(Chat, FakeOutcome.ServerError);

        await live.CompleteAsync([OutboxFixture.Html("final")]).Within();

        Assert.Equal("final", Assert.Single(fixture.Telegram.Messages(Chat)).Text);
        Assert.Equal(
            [FakeOutcome.Ok, FakeOutcome.ServerError, FakeOutcome.NetworkError, FakeOutcome.ServerError, FakeOutcome.Ok],
            fixture.Telegram.CallsTo(Chat).Select(c => c.Outcome));
    }

    [Fact]
    public async Task Unparseable_html_falls_back_to_plain_text_and_logs_a_warning()
    {
        await using var fixture = new OutboxFixture();
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));
        live.Update([OutboxFixture.Html("<b>fine</b>")]);
        await live.FirstMessageIdAsync.Within();

        await live.CompleteAsync([new OutgoingContent("broken " + FakeTelegramBotClient.BadHtmlMarker, "broken but readable")]).Within();

        var message = Assert.Single(fixture.Telegram.Messages(Chat));
        Assert.Equal("broken but readable", message.Text);
        Assert.Equal(global::Telegram.Bot.Types.Enums.ParseMode.None, message.ParseMode);
        Assert.Contains(fixture.Logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("plain text"));
    }

    [Fact]
    public async Task Completion_is_cancelled_by_its_token_and_stops_trying()
    {
        await using var fixture = new OutboxFixture();
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));
        live.Update([OutboxFixture.Html("draft")]);
        await live.FirstMessageIdAsync.Within();
        fixture.Telegram.ForceTooManyRequests(Chat, retryAfterSeconds: 30);
        live.Update([OutboxFixture.Html("draft 2")]);
        await fixture.Telegram.WaitForCallAsync(c => c.Outcome == FakeOutcome.TooManyRequests).Within();
        using var cts = new CancellationTokenSource();

        var completion = live.CompleteAsync([OutboxFixture.Html("final")], cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => completion.Within());
    }
}
