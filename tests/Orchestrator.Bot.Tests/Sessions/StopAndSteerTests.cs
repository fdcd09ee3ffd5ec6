using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Bot.Tests.Sessions;

public sealed class StopAndSteerTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stop_interrupts_at_once_and_the_message_keeps_what_was_written(bool useButton)
    {
        await using var codex = await CodexBot.StartAsync();
        var never = new TaskCompletionSource();
        codex.Model.Enqueue(FakeResponse.Streamed("The first part is here. ", "never sent").WithGateBefore(1, never.Task));

        var asked = codex.Say("long task");
        var live = await codex.ReplyToAsync(asked, m => m.Text.Contains("The first part is here.", StringComparison.Ordinal), "the partial answer");
        var stopButton = Assert.Single(live.AllButtons, b => b.Text.Contains("Stop", StringComparison.Ordinal));

        if (useButton)
        {
            codex.Telegram.PressButton(codex.Chat, BotHarness.OwnerId, live.MessageId, stopButton.CallbackData!);
        }
        else
        {
            codex.Say("/stop");
        }

        var stopped = await codex.ReplyToAsync(asked, m => m.Text.Contains("Stopped by", StringComparison.Ordinal) && m.Buttons.Count == 0, "the stopped message");
        Assert.StartsWith("The first part is here.", stopped.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("never sent", stopped.Text, StringComparison.Ordinal);
        await codex.Model.Requests[0].StreamCut.WaitAsync(CodexBot.Timeout);

        var turn = Assert.Single(await codex.Bot.Service<TurnStore>().ListByAgentAsync(await StreamingTests.AgentIdAsync(codex), 10));
        Assert.Equal(TurnStatus.Interrupted, turn.Status);

        codex.Model.Enqueue(FakeResponse.Text("back to work"));
        var next = codex.Say("next");
        await codex.ReplyToAsync(next, m => m.Text == "back to work", "the next answer");
    }

    [Fact]
    public async Task Stop_with_nothing_running_says_so()
    {
        await using var codex = await CodexBot.StartAsync();

        var asked = codex.Say("/stop");

        await codex.ReplyToAsync(asked, m => m.Text == "Nothing is running.");
    }

    [Fact]
    public async Task A_message_sent_while_a_turn_runs_is_added_to_it()
    {
        await using var codex = await CodexBot.StartAsync();
        var release = new TaskCompletionSource();
        codex.Model.Enqueue(
            FakeResponse.Streamed("Working on it. ", "Done with part one.").WithGateBefore(1, release.Task),
            FakeResponse.Text("I also took your extra note into account."));

        var asked = codex.Say("part one");
        await codex.ReplyToAsync(asked, m => m.Text.Contains("Working on it.", StringComparison.Ordinal));

        var extra = codex.Say("also mind the tests");
        await codex.ReplyToAsync(extra, m => m.Text.Contains("Added to the running turn", StringComparison.Ordinal), "the steer notice");
        release.SetResult();

        var steered = await codex.Model.WaitForRequestAsync(1).WaitAsync(CodexBot.Timeout);
        Assert.True(steered.HasUserText("also mind the tests"), "the model's next request must contain the added message");
        var final = await codex.ReplyToAsync(asked, m => m.Text.Contains("took your extra note", StringComparison.Ordinal) && m.Buttons.Count == 0, "the final answer");
        Assert.StartsWith("Working on it.", final.Text, StringComparison.Ordinal); // Codex cuts the first stream to take the new input in
    }
}
