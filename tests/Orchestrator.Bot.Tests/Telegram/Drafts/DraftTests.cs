using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Telegram.Drafts;

/// <summary>
/// Native drafts (sendMessageDraft) against the strict fake Bot API: in a private chat the page being written is a draft
/// and the answer ends as real messages; groups keep the edited message; a draft error falls back to edits for good.
/// </summary>
public sealed class DraftTests
{
    private static readonly ChatTarget Private = ChatTarget.Private(DraftOutbox.User);

    [Fact]
    public async Task A_private_chat_streams_into_a_draft_and_ends_as_a_real_message_with_the_full_text()
    {
        await using var t = await DraftOutbox.StartAsync();
        var live = t.Live(Private);

        live.Update([DraftOutbox.Text("Hello")]);
        await t.Telegram.WaitForAsync(s => s.VisibleDraft(DraftOutbox.User)?.Text == "Hello", DraftOutbox.Timeout, "the first words as a draft");
        live.Update([DraftOutbox.Text("Hello from the")]);
        await t.Telegram.WaitForAsync(s => s.VisibleDraft(DraftOutbox.User)?.Text == "Hello from the", DraftOutbox.Timeout, "the draft grows");
        Assert.Empty(t.Telegram.BotMessages(DraftOutbox.User)); // nothing permanent while it streams

        await live.CompleteAsync([DraftOutbox.Text("Hello from the fake model.")]).WaitAsync(DraftOutbox.Timeout);

        var message = Assert.Single(t.Telegram.BotMessages(DraftOutbox.User));
        Assert.Equal("Hello from the fake model.", message.Text);
        Assert.Equal(0, message.EditCount);
        Assert.Null(t.Telegram.VisibleDraft(DraftOutbox.User)); // the real message replaced the draft
        var drafts = t.Telegram.DraftsIn(DraftOutbox.User);
        Assert.Single(drafts.Select(d => d.DraftId).Distinct()); // one draft, animated as it grows
        Assert.All(drafts, d => Assert.True(d.LastBotMessageId < message.MessageId, "no draft after the answer"));
        Assert.Equal(0, t.Calls("editMessageText"));
        Assert.Equal(0, t.Telegram.RateLimitViolations);
    }

    [Fact]
    public async Task A_group_keeps_the_edited_message_and_never_calls_sendMessageDraft()
    {
        await using var t = await DraftOutbox.StartAsync();
        var live = t.Live(ChatTarget.Group(DraftOutbox.Group));

        live.Update([DraftOutbox.Text("Working on it")]);
        var first = await t.Telegram.WaitForBotMessageAsync(DraftOutbox.Group, m => m.Text == "Working on it", DraftOutbox.Timeout);
        await live.CompleteAsync([DraftOutbox.Text("Done in the group.")]).WaitAsync(DraftOutbox.Timeout);

        var message = Assert.Single(t.Telegram.BotMessages(DraftOutbox.Group));
        Assert.Equal(first.MessageId, message.MessageId);
        Assert.Equal("Done in the group.", message.Text);
        Assert.Equal(1, message.EditCount);
        Assert.Equal(0, t.Calls("sendMessageDraft"));
    }

    [Fact]
    public async Task The_fake_refuses_a_draft_in_a_group_as_Telegram_does()
    {
        await using var t = await DraftOutbox.StartAsync();
        var client = new global::Telegram.Bot.TelegramBotClient(new global::Telegram.Bot.TelegramBotClientOptions(t.Telegram.Token, t.Telegram.BaseUrl));

        var error = await Assert.ThrowsAsync<global::Telegram.Bot.Exceptions.ApiRequestException>(
            () => client.SendRequest(new global::Telegram.Bot.Requests.SendMessageDraftRequest { ChatId = DraftOutbox.Group, DraftId = 1, Text = "x" }));

        Assert.Equal(400, error.ErrorCode);
        Assert.Contains("TEXTDRAFT_PEER_INVALID", error.Message, StringComparison.Ordinal);
        Assert.Empty(t.Telegram.Drafts);
    }

    [Theory]
    [InlineData(false)] // 400 from Telegram: that chat uses edits from now on
    [InlineData(true)] // an older Bot API server without the method (404): edits from now on
    public async Task A_draft_error_falls_back_to_edits_for_the_rest_of_the_process(bool unknownMethod)
    {
        await using var t = await DraftOutbox.StartAsync(new FakeBotApiOptions { SupportsDrafts = !unknownMethod });
        if (!unknownMethod)
        {
            t.Telegram.FailNext("sendMessageDraft", 400, "Bad Request: TEXTDRAFT_PEER_INVALID");
        }

        var live = t.Live(Private);
        live.Update([DraftOutbox.Text("First words")]);
        var streamed = await t.Telegram.WaitForBotMessageAsync(DraftOutbox.User, m => m.Text == "First words", DraftOutbox.Timeout, "the live message instead of the draft");
        live.Update([DraftOutbox.Text("First words and more")]);
        await t.Telegram.WaitForBotMessageAsync(DraftOutbox.User, m => m.MessageId == streamed.MessageId && m.Text == "First words and more", DraftOutbox.Timeout, "the live message edited");
        await live.CompleteAsync([DraftOutbox.Text("First words and the end.")]).WaitAsync(DraftOutbox.Timeout);
        Assert.Equal("First words and the end.", t.Telegram.BotMessage(DraftOutbox.User, streamed.MessageId)!.Text);

        // The next answer in that chat does not try drafts again.
        var next = t.Live(Private);
        next.Update([DraftOutbox.Text("Second answer")]);
        await next.CompleteAsync([DraftOutbox.Text("Second answer, complete.")]).WaitAsync(DraftOutbox.Timeout);
        Assert.Equal("Second answer, complete.", t.Telegram.LastBotMessage(DraftOutbox.User)!.Text);
        Assert.Equal(1, t.Calls("sendMessageDraft"));
        Assert.Empty(t.Telegram.Drafts);
    }

    [Fact]
    public async Task A_long_answer_sends_finished_pages_as_messages_while_the_draft_shows_the_page_being_written()
    {
        await using var t = await DraftOutbox.StartAsync();
        var page1 = new string('a', 3000) + " end of page one";
        var live = t.Live(Private);

        live.Update([DraftOutbox.Text(page1), DraftOutbox.Text("page two is being")]);
        await t.Telegram.WaitForAsync(
            s => s.BotMessages(DraftOutbox.User).Any(m => m.Text == page1) && s.VisibleDraft(DraftOutbox.User)?.Text == "page two is being",
            DraftOutbox.Timeout,
            "page one sent, page two in the draft");
        live.Update([DraftOutbox.Text(page1), DraftOutbox.Text("page two is being written")]);
        await t.Telegram.WaitForAsync(s => s.VisibleDraft(DraftOutbox.User)?.Text == "page two is being written", DraftOutbox.Timeout, "page two grows in the draft");
        await live.CompleteAsync([DraftOutbox.Text(page1), DraftOutbox.Text("page two is being written. The end.")]).WaitAsync(DraftOutbox.Timeout);

        var messages = t.Telegram.BotMessages(DraftOutbox.User);
        Assert.Equal([page1, "page two is being written. The end."], messages.Select(m => m.Text));
        Assert.All(messages, m => Assert.Equal(0, m.EditCount));
        Assert.Null(t.Telegram.VisibleDraft(DraftOutbox.User));
        Assert.Equal(0, t.Telegram.RateLimitViolations);
    }

    [Fact]
    public async Task Two_answers_streaming_at_once_in_a_private_chat_share_its_draft_budget_and_get_no_429()
    {
        // Telegram counts a chat's drafts, not an answer's: two answers drafting in one chat (a chat turn and a coding
        // session's turn, or an answer that starts while the previous one is still drafting) must not each take a burst.
        await using var t = await DraftOutbox.StartAsync();
        var answers = new[] { ("first", t.Live(Private)), ("second", t.Live(Private)) };
        foreach (var word in new[] { "one", "two", "three" })
        {
            foreach (var (name, live) in answers)
            {
                var text = $"{name} {word}";
                live.Update([DraftOutbox.Text(text)]);
                await t.Telegram.WaitForAsync(
                    s => s.RequestsFor("sendMessageDraft").Any(r => r.StatusCode == 200 && r.Body.Contains(text, StringComparison.Ordinal)),
                    DraftOutbox.Timeout, $"the draft '{text}'");
            }
        }

        foreach (var (name, live) in answers)
        {
            await live.CompleteAsync([DraftOutbox.Text(name + ".")]).WaitAsync(DraftOutbox.Timeout);
        }

        Assert.Equal(["first.", "second."], t.Telegram.BotMessages(DraftOutbox.User).Select(m => m.Text));
        Assert.Equal(0, t.Telegram.RateLimitViolations);
    }

    [Fact]
    public async Task A_429_on_a_draft_is_honoured_and_the_newest_text_still_shows()
    {
        await using var t = await DraftOutbox.StartAsync();
        t.Telegram.FailNext("sendMessageDraft", 429, "Too Many Requests: retry after 1", retryAfter: 1);
        var live = t.Live(Private);

        live.Update([DraftOutbox.Text("one")]);
        live.Update([DraftOutbox.Text("one two")]);
        var shown = await t.Telegram.WaitForAsync(s => s.VisibleDraft(DraftOutbox.User) is { Text: "one two" } d ? d : null, DraftOutbox.Timeout, "the draft after the ban");

        var refused = t.Telegram.RequestsFor("sendMessageDraft").First(r => r.StatusCode == 429);
        // The fake stamps a request when it handles it; under load the 429's stamp can lag its answer by a few ms. A
        // bot that ignored the ban would draft again within the draft interval (300 ms).
        Assert.True(shown.Time - refused.Time >= TimeSpan.FromSeconds(0.9), $"no draft during the ban (next draft {(shown.Time - refused.Time).TotalMilliseconds:0} ms after the 429)");
        await live.CompleteAsync([DraftOutbox.Text("one two three")]).WaitAsync(DraftOutbox.Timeout);
        Assert.Equal("one two three", Assert.Single(t.Telegram.BotMessages(DraftOutbox.User)).Text);
    }

    [Fact]
    public async Task An_approval_prompt_goes_out_before_the_answers_pending_edits()
    {
        // Edits (as in a group or after a draft error): the answer's next edit waits for the chat's pacing.
        await using var t = await DraftOutbox.StartAsync();
        var answer = t.Live(Private, drafts: false);
        answer.Update([DraftOutbox.Text("v1")]);
        await t.Telegram.WaitForBotMessageAsync(DraftOutbox.User, m => m.Text == "v1", DraftOutbox.Timeout);
        answer.Update([DraftOutbox.Text("v2")]); // queued behind the pacing interval

        var prompt = t.Live(Private, drafts: false, urgent: true);
        prompt.Update([DraftOutbox.Text("✋ approve?")]);
        await t.Telegram.WaitForAsync(s => s.BotMessages(DraftOutbox.User).Any(m => m.Text == "v2"), DraftOutbox.Timeout, "the edit");

        var calls = t.Telegram.Requests.Where(r => r.StatusCode == 200 && r.Method is "sendMessage" or "editMessageText").ToList();
        var promptAt = calls.FindIndex(r => r.Method == "sendMessage" && r.Body.Contains("approve?", StringComparison.Ordinal));
        var editAt = calls.FindIndex(r => r.Method == "editMessageText" && r.Body.Contains("v2", StringComparison.Ordinal));
        Assert.True(promptAt >= 0 && promptAt < editAt, $"the prompt (call {promptAt}) goes before the pending edit (call {editAt})");
        Assert.Equal(0, t.Telegram.RateLimitViolations);
    }
}
