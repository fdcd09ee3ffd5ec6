using Orchestrator.Bot.Audit;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Groups;

/// <summary>In a group anyone can press a button; only allowed users decide. Decisions and turns are audited.</summary>
public sealed class GroupApprovalTests
{
    private const long Group = -100_800_900;

    [Fact]
    public async Task A_strangers_press_in_a_group_gets_an_alert_and_an_allowed_members_press_decides()
    {
        await using var codex = await CodexBot.StartAsync();
        var team = new TeamGroup(codex.Telegram, Group);
        codex.Model.Enqueue(FakeResponse.ExecCommand("touch group.txt", codex.Workspace), FakeResponse.Text("Done in the group."));

        team.Mention(BotHarness.OwnerId, "create group.txt");
        var prompt = await team.WaitForBotMessageAsync(m => m.AllButtons.Any(b => b.Text == "🚫 Deny"), CodexBot.Timeout, "the approval prompt");
        var approve = prompt.AllButtons.First(b => b.Text == "✅ Approve").CallbackData!;

        codex.Telegram.PressButton(Group, BotHarness.StrangerId, prompt.MessageId, approve);
        var alert = await codex.Telegram.WaitForAsync(t => t.CallbackAnswers.FirstOrDefault(a => a.MessageId == prompt.MessageId), CodexBot.Timeout);
        Assert.True(alert.ShowAlert);
        Assert.NotEmpty(codex.Telegram.BotMessage(Group, prompt.MessageId)!.Buttons);
        Assert.False(File.Exists(Path.Combine(codex.Workspace, "group.txt")));

        codex.Telegram.PressButton(Group, BotHarness.AdminId, prompt.MessageId, approve);
        await team.WaitForBotMessageAsync(m => m.MessageId == prompt.MessageId && m.Text.Contains("Approved by @user1000", StringComparison.Ordinal), CodexBot.Timeout);
        await team.WaitForBotMessageAsync(m => m.Text.Contains("Done in the group.", StringComparison.Ordinal) && m.Buttons.Count == 0, CodexBot.Timeout);
        Assert.True(File.Exists(Path.Combine(codex.Workspace, "group.txt")));

        var entries = await codex.Bot.Service<AuditLog>().LatestAsync(Group, 10);
        Assert.Contains(entries, e => e.Action == AuditActions.Turn && e.UserId == BotHarness.OwnerId && e.Detail.Contains("create group.txt", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Action == AuditActions.Approval && e.UserId == BotHarness.AdminId && e.Detail.Contains("touch group.txt", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.UserId == BotHarness.StrangerId);
    }

    [Fact]
    public async Task A_user_allowed_by_a_group_administrator_may_chat_but_never_approve_even_their_own_turn()
    {
        const long Scoped = 4242;
        await using var codex = await CodexBot.StartAsync(s => s["Access:AllowGroupAdminGrants"] = "true");
        var team = new TeamGroup(codex.Telegram, Group);
        codex.Telegram.SetChatAdministrators(Group, BotHarness.OwnerId);
        var allow = team.Command(BotHarness.OwnerId, "/allow 4242");
        await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == allow && m.Text.Contains("in this group", StringComparison.Ordinal), CodexBot.Timeout, "the group administrator's grant");
        codex.Model.Enqueue(FakeResponse.ExecCommand("touch scoped.txt", codex.Workspace), FakeResponse.Text("Scoped turn done."));

        team.Mention(Scoped, "create scoped.txt");
        var prompt = await team.WaitForBotMessageAsync(m => m.AllButtons.Any(b => b.Text == "🚫 Deny"), CodexBot.Timeout, "the approval prompt");
        var approve = prompt.AllButtons.First(b => b.Text == "✅ Approve").CallbackData!;

        codex.Telegram.PressButton(Group, Scoped, prompt.MessageId, approve);
        var alert = await codex.Telegram.WaitForAsync(t => t.CallbackAnswers.FirstOrDefault(a => a.MessageId == prompt.MessageId), CodexBot.Timeout, "the answer to their own Approve");
        Assert.True(alert.ShowAlert);
        Assert.Contains("group administrator", alert.Text, StringComparison.Ordinal);
        Assert.NotEmpty(codex.Telegram.BotMessage(Group, prompt.MessageId)!.Buttons);
        Assert.False(File.Exists(Path.Combine(codex.Workspace, "scoped.txt")));
        var entries = await codex.Bot.Service<AuditLog>().LatestAsync(Group, 10);
        Assert.Contains(entries, e => e.Action == AuditActions.Refused && e.UserId == Scoped && e.Detail.Contains("touch scoped.txt", StringComparison.Ordinal));

        codex.Telegram.PressButton(Group, BotHarness.AdminId, prompt.MessageId, approve);
        await team.WaitForBotMessageAsync(m => m.Text.Contains("Scoped turn done.", StringComparison.Ordinal) && m.Buttons.Count == 0, CodexBot.Timeout, "the final answer");
        Assert.True(File.Exists(Path.Combine(codex.Workspace, "scoped.txt")));
    }
}
