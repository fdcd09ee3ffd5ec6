using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Bot.Tests.Media;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Sessions;

/// <summary>
/// Urgent updates (approval presses, /stop) are handled by the chat's owner at once, even while its ordinary job (here:
/// a photo whose download Telegram holds) is still in progress; real Codex against the fake model.
/// </summary>
public sealed class UrgentUpdateTests
{
    [Fact]
    public async Task An_approval_press_is_decided_while_the_chat_is_busy_with_a_slow_download()
    {
        await using var codex = await CodexBot.StartAsync();
        codex.Model.Enqueue(FakeResponse.ExecCommand("touch urgent.txt", codex.Workspace), FakeResponse.Text("Finished."), FakeResponse.Text("Nice picture."));

        var asked = codex.Say("mark it");
        var prompt = await codex.Telegram.WaitForBotMessageAsync(codex.Chat, m => m.AllButtons.Any(b => b.Text == "✅ Approve"), CodexBot.Timeout, "the approval prompt");
        var releaseDownload = codex.Telegram.HoldMethod("getFile");
        var photo = codex.SendPhoto("AgACslow", TestImages.Png(20, 40, 60), new FakeMediaMessage { Caption = "and this" });
        await codex.Telegram.WaitForAsync(t => t.HeldCallsOf("getFile") > 0 ? "held" : null, CodexBot.Timeout, "the photo's download in progress");

        codex.Telegram.PressButton(codex.Chat, BotHarness.OwnerId, prompt.MessageId, prompt.AllButtons.Single(b => b.Text == "✅ Approve").CallbackData!);

        await codex.ReplyToAsync(asked, m => m.Text.Contains("Finished.", StringComparison.Ordinal), "the answer after the approval");
        Assert.True(File.Exists(Path.Combine(codex.Workspace, "urgent.txt")), "the approved command ran");
        Assert.Equal(1, codex.Telegram.HeldCallsOf("getFile")); // the chat's job was still in progress all along
        Assert.Contains(codex.Telegram.CallbackAnswers, a => a.Text == "Approved");
        Assert.Empty(codex.MessagesFrom(photo));

        releaseDownload();
        await codex.ReplyToAsync(photo, m => m.Text.Contains("Nice picture.", StringComparison.Ordinal) || m.Text.Contains("Added to the running turn", StringComparison.Ordinal), "the photo handled after the download");
        Assert.Equal(0, codex.Telegram.RateLimitViolations);
    }

    [Fact]
    public async Task Stop_stops_the_turn_while_the_chat_is_busy_with_a_slow_download()
    {
        await using var codex = await CodexBot.StartAsync(s => s["Telegram:Outbox:Drafts"] = "true");
        var never = new TaskCompletionSource();
        codex.Model.Enqueue(FakeResponse.Streamed("The first part is here. ", "never sent").WithGateBefore(1, never.Task));

        var asked = codex.Say("long task");
        await codex.Telegram.WaitForAsync(t => t.DraftsIn(codex.Chat).LastOrDefault(d => d.Text.Contains("The first part is here.", StringComparison.Ordinal)), CodexBot.Timeout, "the draft");
        var releaseDownload = codex.Telegram.HoldMethod("getFile");
        codex.SendPhoto("AgACslowstop", TestImages.Png(60, 40, 20));
        await codex.Telegram.WaitForAsync(t => t.HeldCallsOf("getFile") > 0 ? "held" : null, CodexBot.Timeout, "the photo's download in progress");

        codex.Say("/stop");

        var stopped = await codex.ReplyToAsync(asked, m => m.Text.Contains("Stopped by", StringComparison.Ordinal), "the stopped answer");
        Assert.StartsWith("The first part is here.", stopped.Text, StringComparison.Ordinal);
        Assert.Equal(1, codex.Telegram.HeldCallsOf("getFile"));
        releaseDownload();
    }
}
