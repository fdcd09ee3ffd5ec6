using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Sessions;

/// <summary>A command that needs approval shows Approve / Approve for session / Deny; the decision reaches app-server.</summary>
public sealed class ApprovalTests
{
    [Theory]
    [InlineData("✅ Approve", true, "Approved by")]
    [InlineData("✅ For session", true, "Approved for this session by")]
    [InlineData("🚫 Deny", false, "Denied by")]
    public async Task The_users_decision_decides_whether_the_command_runs(string button, bool runs, string outcome)
    {
        await using var codex = await CodexBot.StartAsync();
        codex.Model.Enqueue(
            FakeResponse.ExecCommand("touch done.txt", codex.Workspace, justification: "to mark the task done"),
            FakeResponse.Text("Finished."));

        var asked = codex.Say("mark it done");
        var prompt = await WaitForApprovalAsync(codex);
        Assert.Contains("touch done.txt", prompt.Text, StringComparison.Ordinal);
        Assert.Contains(codex.Workspace, prompt.Text, StringComparison.Ordinal);
        Assert.Contains("to mark the task done", prompt.Text, StringComparison.Ordinal);

        var press = prompt.AllButtons.Single(b => b.Text == button);
        codex.Telegram.PressButton(codex.Chat, BotHarness.OwnerId, prompt.MessageId, press.CallbackData!);

        var resolved = await codex.Telegram.WaitForBotMessageAsync(codex.Chat, m => m.MessageId == prompt.MessageId && m.Text.Contains(outcome, StringComparison.Ordinal), CodexBot.Timeout, "the decided prompt");
        Assert.Empty(resolved.Buttons);
        await codex.ReplyToAsync(asked, m => m.Text.Contains("Finished.", StringComparison.Ordinal) && m.Buttons.Count == 0, "the final answer");
        Assert.Equal(runs, File.Exists(Path.Combine(codex.Workspace, "done.txt")));
        await codex.Telegram.WaitForAsync(t => t.CallbackAnswers.Any(a => a.MessageId == prompt.MessageId), CodexBot.Timeout, "the press answered");
    }

    [Fact]
    public async Task An_unanswered_approval_is_declined_after_the_timeout_and_says_so()
    {
        await using var codex = await CodexBot.StartAsync(s => s["Agents:ApprovalTimeout"] = "00:00:02");
        codex.Model.Enqueue(FakeResponse.ExecCommand("touch late.txt", codex.Workspace), FakeResponse.Text("Okay, I will not."));

        var asked = codex.Say("try it");
        var prompt = await WaitForApprovalAsync(codex);

        await codex.Telegram.WaitForBotMessageAsync(codex.Chat, m => m.MessageId == prompt.MessageId && m.Text.Contains("Declined automatically", StringComparison.Ordinal), CodexBot.Timeout);
        await codex.ReplyToAsync(asked, m => m.Text.Contains("Okay, I will not.", StringComparison.Ordinal) && m.Buttons.Count == 0);
        Assert.False(File.Exists(Path.Combine(codex.Workspace, "late.txt")));
    }

    [Fact]
    public async Task A_prompt_held_up_by_flood_control_still_gets_the_whole_time_to_be_answered()
    {
        await using var codex = await CodexBot.StartAsync(s => s["Agents:ApprovalTimeout"] = "00:00:02");
        codex.Model.Enqueue(FakeResponse.ExecCommand("touch held.txt", codex.Workspace), FakeResponse.Text("Ran it."));

        // Telegram bans the chat for longer than the approval timeout just as the turn starts.
        codex.Telegram.FailNext("sendMessage", 429, "Too Many Requests: retry after 3", retryAfter: 3);
        var asked = codex.Say("try it");
        var prompt = await WaitForApprovalAsync(codex);

        codex.Telegram.PressButton(codex.Chat, BotHarness.OwnerId, prompt.MessageId, prompt.AllButtons.Single(b => b.Text == "✅ Approve").CallbackData!);
        await codex.Telegram.WaitForBotMessageAsync(codex.Chat, m => m.MessageId == prompt.MessageId && m.Text.Contains("Approved by", StringComparison.Ordinal), CodexBot.Timeout, "the approved prompt");
        await codex.ReplyToAsync(asked, m => m.Text.Contains("Ran it.", StringComparison.Ordinal) && m.Buttons.Count == 0, "the final answer");
        Assert.True(File.Exists(Path.Combine(codex.Workspace, "held.txt")));
    }

    [Fact]
    public async Task A_stranger_cannot_decide()
    {
        await using var codex = await CodexBot.StartAsync();
        codex.Model.Enqueue(FakeResponse.ExecCommand("touch nope.txt", codex.Workspace), FakeResponse.Text("ok"));
        codex.Say("do it");
        var prompt = await WaitForApprovalAsync(codex);

        codex.Telegram.PressButton(codex.Chat, BotHarness.StrangerId, prompt.MessageId, prompt.AllButtons.First().CallbackData!);

        var answer = await codex.Telegram.WaitForAsync(t => t.CallbackAnswers.FirstOrDefault(a => a.MessageId == prompt.MessageId), CodexBot.Timeout);
        Assert.True(answer.ShowAlert);
        Assert.NotEmpty(codex.Telegram.BotMessage(codex.Chat, prompt.MessageId)!.Buttons);
        Assert.False(File.Exists(Path.Combine(codex.Workspace, "nope.txt")));
    }

    [Fact]
    public async Task A_command_too_long_for_the_prompt_goes_out_in_full_as_a_document_before_the_buttons_and_approve_runs_exactly_it()
    {
        await using var codex = await CodexBot.StartAsync();
        var marker = string.Concat(Enumerable.Range(0, 300).Select(i => $"w{i} "));
        var command = $"echo '{marker}' > /dev/null && touch long-done.txt";
        Assert.True(command.Length > 1200, "the command must be longer than the prompt shows");
        codex.Model.Enqueue(FakeResponse.ExecCommand(command, codex.Workspace), FakeResponse.Text("Long one done."));

        var asked = codex.Say("run the long one");
        var prompt = await WaitForApprovalAsync(codex);

        Assert.DoesNotContain("touch long-done.txt", prompt.Text, StringComparison.Ordinal); // the prompt had to cut it
        Assert.Contains("Full command attached", prompt.Text, StringComparison.Ordinal);
        var document = Assert.Single(codex.Telegram.Documents);
        Assert.EndsWith(".txt", document.FileName, StringComparison.Ordinal);
        Assert.Contains(document.FileName, prompt.Text, StringComparison.Ordinal);
        Assert.Contains(command, document.Text, StringComparison.Ordinal);
        Assert.Contains(codex.Workspace, document.Text, StringComparison.Ordinal);
        Assert.Equal(document.MessageId, prompt.ReplyToMessageId); // the prompt answers the document it approves

        // The document went out before the prompt had buttons: nothing could be approved unseen.
        var requests = codex.Telegram.Requests.Where(r => r.StatusCode == 200).ToList();
        var documentAt = requests.FindIndex(r => r.Method == "sendDocument");
        var buttonsAt = requests.FindIndex(r => r.Method is "sendMessage" or "editMessageText" && r.Body.Contains("ap:", StringComparison.Ordinal));
        Assert.InRange(documentAt, 0, buttonsAt - 1);

        codex.Telegram.PressButton(codex.Chat, BotHarness.OwnerId, prompt.MessageId, prompt.AllButtons.Single(b => b.Text == "✅ Approve").CallbackData!);
        await codex.ReplyToAsync(asked, m => m.Text.Contains("Long one done.", StringComparison.Ordinal) && m.Buttons.Count == 0, "the final answer");
        Assert.True(File.Exists(Path.Combine(codex.Workspace, "long-done.txt")));
    }

    [Fact]
    public async Task The_attached_full_command_never_shows_the_bot_token()
    {
        await using var codex = await CodexBot.StartAsync();
        var padding = string.Concat(Enumerable.Range(0, 300).Select(i => $"w{i} "));
        var command = $"echo '{padding}' > /dev/null && echo {codex.Telegram.Token} > leaked.txt";
        codex.Model.Enqueue(FakeResponse.ExecCommand(command, codex.Workspace), FakeResponse.Text("Done."));

        codex.Say("run it");
        var prompt = await WaitForApprovalAsync(codex);

        var document = Assert.Single(codex.Telegram.Documents);
        Assert.Contains("leaked.txt", document.Text, StringComparison.Ordinal); // the full command is there...
        Assert.DoesNotContain(codex.Telegram.Token, document.Text, StringComparison.Ordinal); // ...but not the token
        Assert.DoesNotContain(codex.Telegram.Token.Split(':')[1], document.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(codex.Telegram.Token, prompt.Text, StringComparison.Ordinal);
    }

    private static Task<FakeBotMessage> WaitForApprovalAsync(CodexBot codex) =>
        codex.Telegram.WaitForBotMessageAsync(codex.Chat, m => m.AllButtons.Any(b => b.Text == "🚫 Deny"), CodexBot.Timeout, "an approval prompt");
}
