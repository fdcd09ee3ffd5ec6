using Microsoft.Playwright;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Testing.Telegram;
using Orchestrator.Web.Tests.Harness;

namespace Orchestrator.Web.Tests.Pages;

/// <summary>
/// Approval requests on the chat page (the real codex asks to run a command): the card with its buttons, the decision
/// reaching codex and Telegram, the outcome on the card, and the activity line while the approved command runs.
/// </summary>
public sealed class ApprovalTests : WebBotTest
{
    [Fact]
    public async Task Approve_on_the_page_runs_the_command_the_activity_line_shows_it_while_it_runs_and_the_card_says_approved()
    {
        var workspace = Web.Codex.Workspace;
        var go = Path.Combine(workspace, "go");
        // The command waits for the test's signal, so the activity line can be seen while it runs.
        var command = $"while [ ! -f {go} ]; do sleep 0.1; done; touch done.txt";
        Web.Model.Enqueue(FakeResponse.ExecCommand(command, workspace, justification: "to mark the task done"), FakeResponse.Text("Finished."));
        var page = await Web.SignedInPageAsync();
        await Dashboard.CreateAgentAndOpenChatAsync(page, "asker");

        await Dashboard.Composer(page).FillAsync("mark it done");
        await Dashboard.SendButton(page).ClickAsync();

        var card = Dashboard.Approval(page);
        await card.WaitForAsync();
        Assert.Contains("touch done.txt", await card.Locator(".approval-detail").InnerTextAsync(), StringComparison.Ordinal);
        foreach (var name in new[] { "Approve", "Approve for session", "Deny" })
        {
            Assert.True(await card.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).IsEnabledAsync(), name);
        }

        // The card sits in the turn that asked, and the activity line says the agent waits for the decision.
        Assert.Equal(1, await Dashboard.Turn(page, "mark it done").Locator(".approval").CountAsync());
        await page.Locator("#activity").GetByText("Waiting for approval").WaitForAsync();
        var telegramPrompt = await WaitForTelegramApprovalAsync();
        await WebBot.ScreenshotAsync(page, "approval");

        await card.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await card.Locator(".approval-outcome").GetByText("Approved").WaitForAsync();
        Assert.Equal(0, await card.GetByRole(AriaRole.Button).CountAsync());

        // The command runs now: the compact progress line in the composer row names it.
        await page.Locator("#activity").GetByText("Running:").WaitForAsync();
        Assert.Contains("while [ ! -f", await page.Locator("#activity").InnerTextAsync(), StringComparison.Ordinal);
        await WebBot.ScreenshotAsync(page, "activity");
        await File.WriteAllTextAsync(go, "");

        await Dashboard.Turn(page, "mark it done").Locator(".answer").GetByText("Finished.").WaitForAsync();
        await page.Locator("#stop").WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        Assert.Equal("", (await page.Locator("#activity").InnerTextAsync()).Trim());
        Assert.True(File.Exists(Path.Combine(workspace, "done.txt")));

        // Telegram's prompt was decided too, naming where.
        var decided = await Web.Telegram.WaitForBotMessageAsync(
            BotHarness.OwnerId, m => m.MessageId == telegramPrompt.MessageId && m.Text.Contains("Approved by", StringComparison.Ordinal), WebBot.Timeout, "the decided Telegram prompt");
        Assert.Empty(decided.Buttons);
        Assert.Contains("Approved", await card.Locator(".approval-outcome").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_asked_before_the_page_opened_shows_on_open_and_Deny_keeps_the_command_from_running()
    {
        var workspace = Web.Codex.Workspace;
        Web.Model.Enqueue(FakeResponse.ExecCommand("touch denied.txt", workspace), FakeResponse.Text("Okay, I did not run it."));
        var page = await Web.SignedInPageAsync();
        await Dashboard.CreateAgentAndOpenChatAsync(page, "careful");
        await Dashboard.Nav(page, "Agents").ClickAsync();

        // Asked in Telegram while the page shows something else.
        Web.Codex.Say("try it");
        var telegramPrompt = await WaitForTelegramApprovalAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "careful", Exact = true }).ClickAsync();
        var card = Dashboard.Approval(page);
        await card.WaitForAsync(); // from GET /agents/{id}/approvals
        Assert.Contains("touch denied.txt", await card.InnerTextAsync(), StringComparison.Ordinal);

        await card.GetByRole(AriaRole.Button, new() { Name = "Deny", Exact = true }).ClickAsync();
        await card.Locator(".approval-outcome").GetByText("Denied").WaitForAsync();
        await Dashboard.Turn(page, "try it").Locator(".answer").GetByText("Okay, I did not run it.").WaitForAsync();
        await Web.Telegram.WaitForBotMessageAsync(
            BotHarness.OwnerId, m => m.MessageId == telegramPrompt.MessageId && m.Text.Contains("Denied by", StringComparison.Ordinal), WebBot.Timeout, "the denied Telegram prompt");
        Assert.False(File.Exists(Path.Combine(workspace, "denied.txt")));
    }

    [Fact]
    public async Task A_request_decided_in_Telegram_shows_its_outcome_on_the_page()
    {
        var workspace = Web.Codex.Workspace;
        Web.Model.Enqueue(FakeResponse.ExecCommand("touch phone.txt", workspace), FakeResponse.Text("Done from the phone."));
        var page = await Web.SignedInPageAsync();
        await Dashboard.CreateAgentAndOpenChatAsync(page, "remote");

        await Dashboard.Composer(page).FillAsync("touch it");
        await Dashboard.SendButton(page).ClickAsync();
        var card = Dashboard.Approval(page);
        await card.WaitForAsync();
        var telegramPrompt = await WaitForTelegramApprovalAsync();

        Web.Telegram.PressButton(BotHarness.OwnerId, BotHarness.OwnerId, telegramPrompt.MessageId,
            telegramPrompt.AllButtons.Single(b => b.Text == "✅ For session").CallbackData!);

        await card.Locator(".approval-outcome").GetByText("Approved for this session").WaitForAsync();
        Assert.Contains("Telegram", await card.Locator(".approval-outcome").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await card.GetByRole(AriaRole.Button).CountAsync());
        await Dashboard.Turn(page, "touch it").Locator(".answer").GetByText("Done from the phone.").WaitForAsync();
        Assert.True(File.Exists(Path.Combine(workspace, "phone.txt")));
    }

    private Task<FakeBotMessage> WaitForTelegramApprovalAsync() =>
        Web.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.AllButtons.Any(b => b.Text == "🚫 Deny"), WebBot.Timeout, "the Telegram approval prompt");
}
