using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Bot.Tests.Sessions;

/// <summary>
/// A Codex turn in a private chat with native drafts (the default): the answer streams into a draft and ends as a real
/// message with the full text, never an edited one.
/// </summary>
public sealed class DraftStreamingTests
{
    [Fact]
    public async Task A_private_chat_turn_streams_into_drafts_and_ends_as_one_real_message_with_the_full_text()
    {
        await using var codex = await CodexBot.StartAsync(s => s["Telegram:Outbox:Drafts"] = "true");
        var deltas = Enumerable.Range(0, 12).Select(i => $"step {i} of the plan\n").ToArray();
        codex.Model.Enqueue(FakeResponse.Streamed(deltas).WithPacing(TimeSpan.FromMilliseconds(150)));

        var asked = codex.Say("make a plan");

        var final = await codex.ReplyToAsync(asked, m => m.Text.Contains("step 11 of the plan", StringComparison.Ordinal), "the final answer");
        Assert.StartsWith("step 0 of the plan", final.Text, StringComparison.Ordinal);
        Assert.Equal(0, final.EditCount);
        Assert.Single(codex.MessagesFrom(asked));
        var drafts = codex.Telegram.DraftsIn(codex.Chat);
        Assert.Contains(drafts, d => d.Text.Contains("step 0 of the plan", StringComparison.Ordinal) && !d.Text.Contains("step 11", StringComparison.Ordinal));
        Assert.All(drafts, d => Assert.True(d.LastBotMessageId < final.MessageId, "no draft after the answer"));
        Assert.Null(codex.Telegram.VisibleDraft(codex.Chat));
        Assert.Empty(codex.Telegram.RequestsFor("editMessageText"));
        Assert.Contains(codex.Telegram.ChatActions, a => a.ChatId == codex.Chat && a.Action == "typing" && a.Time <= final.SentAt);
        Assert.Equal(0, codex.Telegram.RateLimitViolations);
    }

    [Fact]
    public async Task An_approval_prompt_is_a_real_message_with_buttons_while_the_answer_is_a_draft()
    {
        await using var codex = await CodexBot.StartAsync(s => s["Telegram:Outbox:Drafts"] = "true");
        codex.Model.Enqueue(FakeResponse.ExecCommand("touch drafted.txt", codex.Workspace), FakeResponse.Text("Finished."));

        var asked = codex.Say("mark it");
        var prompt = await codex.Telegram.WaitForBotMessageAsync(codex.Chat, m => m.AllButtons.Any(b => b.Text == "✅ Approve"), CodexBot.Timeout, "the approval prompt");
        Assert.Contains("touch drafted.txt", prompt.Text, StringComparison.Ordinal);
        Assert.Contains(codex.Telegram.DraftsIn(codex.Chat), d => d.LastBotMessageId < prompt.MessageId); // the turn showed as a draft first
        codex.Telegram.PressButton(codex.Chat, Harness.BotHarness.OwnerId, prompt.MessageId, prompt.AllButtons.Single(b => b.Text == "✅ Approve").CallbackData!);

        var final = await codex.ReplyToAsync(asked, m => m.Text.Contains("Finished.", StringComparison.Ordinal), "the final answer");
        Assert.Equal(0, final.EditCount);
        Assert.True(final.MessageId > prompt.MessageId, "the answer is sent when the turn ends, after the prompt");
        Assert.True(File.Exists(Path.Combine(codex.Workspace, "drafted.txt")));
        Assert.Equal(0, codex.Telegram.RateLimitViolations);
    }
}
