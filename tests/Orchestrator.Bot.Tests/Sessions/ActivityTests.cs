using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Bot.Tests.Sessions;

public sealed class ActivityTests
{
    [Fact]
    public async Task The_live_message_says_what_the_agent_is_doing_and_typing_is_renewed_through_silence()
    {
        await using var codex = await CodexBot.StartAsync(); // typing every 1 s in tests
        var release = new TaskCompletionSource();
        codex.Model.Enqueue(
            FakeResponse.ExecCommand("sleep 3; echo checked", codex.Workspace, sandboxPermissions: null),
            FakeResponse.Streamed("All ", "checked.").WithGateBefore(0, release.Task));

        var asked = codex.Say("check it");

        var running = await codex.ReplyToAsync(asked, m => m.Text.Contains("Running: ", StringComparison.Ordinal) && m.Text.Contains("sleep 3; echo checked", StringComparison.Ordinal), "the running command in the footer");
        Assert.Contains(running.AllButtons, b => b.Text.Contains("Stop", StringComparison.Ordinal));

        // While the model is silent, typing keeps being renewed.
        var before = codex.Telegram.ChatActions.Count(a => a.ChatId == codex.Chat);
        await codex.Telegram.WaitForAsync(t => t.ChatActions.Count(a => a.ChatId == codex.Chat) >= before + 2, CodexBot.Timeout, "two more typing actions");
        release.SetResult();

        var final = await codex.ReplyToAsync(asked, m => m.Text == "All checked.", "the final answer without footer");
        Assert.Empty(final.Buttons);
        // final.SentAt is when the live message was first sent (it is edited in place), so it says nothing about when
        // the turn ended: count from the moment the final text was seen, over three typing intervals (1 s in tests) in
        // which a typing loop that outlived the turn would renew typing three times. One action already on its way may land.
        var endedAt = codex.Telegram.Options.TimeProvider.GetUtcNow();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var typingAfterEnd = codex.Telegram.ChatActions.Count(a => a.ChatId == codex.Chat && a.Time > endedAt);
        Assert.True(typingAfterEnd <= 1, $"typing must stop with the turn ({typingAfterEnd} typing actions after the end)");
    }
}
