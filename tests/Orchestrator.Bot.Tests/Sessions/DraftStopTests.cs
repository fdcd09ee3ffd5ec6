using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Bot.Tests.Sessions;

/// <summary>
/// The stop button Telegram shows on a streaming draft (<c>can_stop</c>, Bot API 10.3): its press
/// (<c>stopped_message_generation</c>) stops the chat's running turn exactly like /stop, and the answer so far is kept as
/// a real message. Real Codex against the fake model, the strict fake Bot API.
/// </summary>
public sealed class DraftStopTests
{
    [Fact]
    public async Task The_drafts_stop_button_stops_the_turn_and_keeps_the_answer_so_far_as_a_message()
    {
        await using var codex = await CodexBot.StartAsync(s => s["Telegram:Outbox:Drafts"] = "true");
        var never = new TaskCompletionSource();
        codex.Model.Enqueue(FakeResponse.Streamed("The first part is here. ", "never sent").WithGateBefore(1, never.Task));

        var asked = codex.Say("long task");
        var draft = await codex.Telegram.WaitForAsync(
            t => t.DraftsIn(codex.Chat).LastOrDefault(d => d.Text.Contains("The first part is here.", StringComparison.Ordinal)), CodexBot.Timeout, "the draft");
        Assert.True(draft.CanStop, "a turn's draft shows Telegram's stop button");

        codex.Telegram.PressDraftStop(codex.Chat);

        var stopped = await codex.ReplyToAsync(asked, m => m.Text.Contains("Stopped by", StringComparison.Ordinal), "the answer so far, as a message");
        Assert.StartsWith("The first part is here.", stopped.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("never sent", stopped.Text, StringComparison.Ordinal);
        Assert.Empty(stopped.Buttons);
        await codex.Model.Requests[0].StreamCut.WaitAsync(CodexBot.Timeout);
        var turn = Assert.Single(await codex.Bot.Service<TurnStore>().ListByAgentAsync(await StreamingTests.AgentIdAsync(codex), 10));
        Assert.Equal(TurnStatus.Interrupted, turn.Status);
        Assert.All(codex.Telegram.DraftsIn(codex.Chat), d => Assert.True(d.LastBotMessageId < stopped.MessageId, "no draft after the stop"));

        codex.Model.Enqueue(FakeResponse.Text("back to work"));
        var next = codex.Say("next");
        await codex.ReplyToAsync(next, m => m.Text == "back to work", "the next answer");
    }

    [Fact]
    public async Task The_stop_button_of_an_earlier_turns_draft_does_not_stop_the_running_turn()
    {
        await using var codex = await CodexBot.StartAsync(s => s["Telegram:Outbox:Drafts"] = "true");
        codex.Model.Enqueue(FakeResponse.Streamed("First answer, ", "complete."));
        var first = codex.Say("one");
        await codex.ReplyToAsync(first, m => m.Text.Contains("complete.", StringComparison.Ordinal), "the first answer");
        var oldDraft = Assert.Single(codex.Telegram.DraftsIn(codex.Chat).Select(d => d.DraftId).Distinct());

        var release = new TaskCompletionSource();
        codex.Model.Enqueue(FakeResponse.Streamed("Second answer, ", "also complete.").WithGateBefore(1, release.Task));
        var second = codex.Say("two");
        await codex.Telegram.WaitForAsync(
            t => t.DraftsIn(codex.Chat).LastOrDefault(d => d.DraftId != oldDraft && d.Text.Contains("Second answer", StringComparison.Ordinal)), CodexBot.Timeout, "the second turn's draft");

        codex.Telegram.PressDraftStop(codex.Chat, oldDraft);
        await codex.Bot.WaitForHandledAsync(CodexBot.Timeout); // the stale stop was handled: it stopped nothing
        release.SetResult();

        var answer = await codex.ReplyToAsync(second, m => m.Text.Contains("also complete.", StringComparison.Ordinal), "the second answer, not stopped");
        Assert.DoesNotContain("Stopped", answer.Text, StringComparison.Ordinal);
    }
}
