using System.Globalization;
using Orchestrator.Bot.Audit;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Groups;

/// <summary>
/// In a group every member sees the buttons and may press them: only the user who started the turn (or opened the
/// menu) or an admin of the bot decides, stops or switches. Anyone else gets an alert, nothing changes, and the
/// attempt is audited. A button under a message of another topic never acts on this topic's turn.
/// </summary>
public sealed class RequesterOnlyTests
{
    private const long Group = -100_900_100;
    private const long Forum = -100_900_200;
    private const int Backend = 31;
    private const int Frontend = 32;

    /// <summary>Allowed by the configuration, like the owner, but not the one who asks here.</summary>
    private const long Member = 1002;

    private static void AllowMember(Dictionary<string, string?> settings) =>
        settings["Access:AllowedUserIds:1"] = Member.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Another_members_approve_stop_and_slash_stop_are_refused_and_audited_and_the_requester_decides()
    {
        await using var codex = await CodexBot.StartAsync(AllowMember);
        var team = new TeamGroup(codex.Telegram, Group);
        codex.Model.Enqueue(FakeResponse.ExecCommand("touch mine.txt", codex.Workspace), FakeResponse.Text("Done, it is mine."));

        team.Mention(BotHarness.OwnerId, "create mine.txt");
        var prompt = await team.WaitForBotMessageAsync(m => m.AllButtons.Any(b => b.Text == "🚫 Deny"), CodexBot.Timeout, "the approval prompt");
        var live = await team.WaitForBotMessageAsync(m => m.AllButtons.Any(b => b.Text == "⏹ Stop"), CodexBot.Timeout, "the live message with Stop");
        var approve = prompt.AllButtons.Single(b => b.Text == "✅ Approve").CallbackData!;

        codex.Telegram.PressButton(Group, Member, prompt.MessageId, approve);
        var approveAlert = await codex.Telegram.WaitForAsync(t => t.CallbackAnswers.FirstOrDefault(a => a.MessageId == prompt.MessageId), CodexBot.Timeout, "the answer to the member's Approve");
        Assert.True(approveAlert.ShowAlert);
        Assert.Contains("started this turn", approveAlert.Text, StringComparison.Ordinal);

        codex.Telegram.PressButton(Group, Member, live.MessageId, live.AllButtons.Single(b => b.Text == "⏹ Stop").CallbackData!);
        var stopAlert = await codex.Telegram.WaitForAsync(t => t.CallbackAnswers.FirstOrDefault(a => a.MessageId == live.MessageId), CodexBot.Timeout, "the answer to the member's Stop");
        Assert.True(stopAlert.ShowAlert);
        Assert.Contains("@user1001", stopAlert.Text, StringComparison.Ordinal);

        var slashStop = team.Command(Member, "/stop");
        var refusal = await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == slashStop, CodexBot.Timeout, "the answer to the member's /stop");
        Assert.Contains("Only @user1001", refusal.Text, StringComparison.Ordinal);

        // Nothing changed: the prompt still waits, the turn still runs, nothing ran.
        Assert.NotEmpty(codex.Telegram.BotMessage(Group, prompt.MessageId)!.Buttons);
        Assert.Contains(codex.Telegram.BotMessage(Group, live.MessageId)!.AllButtons, b => b.Text == "⏹ Stop");
        Assert.False(File.Exists(Path.Combine(codex.Workspace, "mine.txt")));

        codex.Telegram.PressButton(Group, BotHarness.OwnerId, prompt.MessageId, approve);
        await team.WaitForBotMessageAsync(m => m.MessageId == prompt.MessageId && m.Text.Contains("Approved by @user1001", StringComparison.Ordinal), CodexBot.Timeout, "the requester's approval");
        await team.WaitForBotMessageAsync(m => m.Text.Contains("Done, it is mine.", StringComparison.Ordinal) && m.Buttons.Count == 0, CodexBot.Timeout, "the final answer");
        Assert.True(File.Exists(Path.Combine(codex.Workspace, "mine.txt")));

        var refused = (await codex.Bot.Service<AuditLog>().LatestAsync(Group, 20)).Where(e => e.Action == AuditActions.Refused).ToList();
        Assert.All(refused, e => Assert.Equal(Member, e.UserId));
        Assert.Contains(refused, e => e.Detail.Contains("Approve", StringComparison.Ordinal) && e.Detail.Contains("touch mine.txt", StringComparison.Ordinal));
        Assert.Contains(refused, e => e.Detail.Contains("stop turn", StringComparison.Ordinal) && e.Detail.Contains("button", StringComparison.Ordinal));
        Assert.Contains(refused, e => e.Detail.Contains("stop turn", StringComparison.Ordinal) && e.Detail.Contains("/stop", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_admin_of_the_bot_may_stop_someone_elses_turn()
    {
        await using var codex = await CodexBot.StartAsync();
        var team = new TeamGroup(codex.Telegram, Group);
        codex.Model.Enqueue(FakeResponse.ExecCommand("touch never.txt", codex.Workspace), FakeResponse.Text("unused"));

        team.Mention(BotHarness.OwnerId, "create never.txt");
        await team.WaitForBotMessageAsync(m => m.AllButtons.Any(b => b.Text == "🚫 Deny"), CodexBot.Timeout, "the approval prompt");

        team.Command(BotHarness.AdminId, "/stop");
        await team.WaitForBotMessageAsync(m => m.Text.Contains("Stopped by @user1000", StringComparison.Ordinal) && m.Buttons.Count == 0, CodexBot.Timeout, "the stopped turn");
        Assert.False(File.Exists(Path.Combine(codex.Workspace, "never.txt")));
    }

    [Fact]
    public async Task A_button_pressed_under_a_message_of_another_topic_does_not_act_on_this_topics_turn()
    {
        await using var codex = await CodexBot.StartAsync();
        var team = new TeamGroup(codex.Telegram, Forum, isForum: true);
        codex.Model.Enqueue(FakeResponse.ExecCommand("touch topic.txt", codex.Workspace), FakeResponse.Text("Done in the backend."));

        team.Mention(BotHarness.OwnerId, "create topic.txt", Backend);
        var prompt = await team.WaitForBotMessageAsync(m => m.AllButtons.Any(b => b.Text == "🚫 Deny"), CodexBot.Timeout, "the approval prompt");
        var live = await team.WaitForBotMessageAsync(m => m.AllButtons.Any(b => b.Text == "⏹ Stop"), CodexBot.Timeout, "the live message with Stop");
        Assert.Equal(Backend, prompt.MessageThreadId);
        var approve = prompt.AllButtons.Single(b => b.Text == "✅ Approve").CallbackData!;
        var stop = live.AllButtons.Single(b => b.Text == "⏹ Stop").CallbackData!;

        // A message of the bot in the other topic, with the backend's callback data under it.
        var asked = team.Command(BotHarness.OwnerId, "/whoami", Frontend);
        var elsewhere = await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == asked, CodexBot.Timeout, "the answer in the frontend topic");
        Assert.Equal(Frontend, elsewhere.MessageThreadId);
        foreach (var data in new[] { approve, stop })
        {
            var answered = codex.Telegram.CallbackAnswers.Count;
            codex.Telegram.PressButton(Forum, BotHarness.OwnerId, elsewhere.MessageId, data);
            var answer = await codex.Telegram.WaitForAsync(t => t.CallbackAnswers.Count > answered ? t.CallbackAnswers[answered] : null, CodexBot.Timeout, "the answer to the press in the other topic");
            Assert.Equal("This button is no longer active.", answer.Text);
        }

        Assert.NotEmpty(codex.Telegram.BotMessage(Forum, prompt.MessageId)!.Buttons);
        Assert.Contains(codex.Telegram.BotMessage(Forum, live.MessageId)!.AllButtons, b => b.Text == "⏹ Stop");
        Assert.False(File.Exists(Path.Combine(codex.Workspace, "topic.txt")));

        codex.Telegram.PressButton(Forum, BotHarness.OwnerId, prompt.MessageId, approve);
        await team.WaitForBotMessageAsync(m => m.Text.Contains("Done in the backend.", StringComparison.Ordinal) && m.Buttons.Count == 0, CodexBot.Timeout, "the final answer");
        Assert.True(File.Exists(Path.Combine(codex.Workspace, "topic.txt")));
    }

    [Fact]
    public async Task Only_the_member_who_opened_an_agent_menu_or_an_admin_may_press_its_buttons()
    {
        await using var bot = await GroupFilteringTests.StartAsync(new RecordingAgentChat(), AllowMember);
        var team = new TeamGroup(bot.Telegram, Group);
        var timeout = TimeSpan.FromSeconds(30);
        var created = team.Command(BotHarness.OwnerId, "/agent new fox");
        await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == created, timeout, "the new agent");
        var asked = team.Command(BotHarness.OwnerId, "/agents");
        var menu = await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == asked && m.AllButtons.Any(), timeout, "the /agents menu");
        var use = menu.AllButtons.Single(b => b.Text == "Use 🤖 default").CallbackData!;
        var agents = bot.Service<AgentStore>();

        bot.Telegram.PressButton(Group, Member, menu.MessageId, use);
        var alert = await bot.Telegram.WaitForAsync(t => t.CallbackAnswers.FirstOrDefault(a => a.MessageId == menu.MessageId), timeout, "the answer to the member's press");
        Assert.True(alert.ShowAlert);
        Assert.Contains("opened this menu", alert.Text, StringComparison.Ordinal);
        Assert.Equal("fox", (await agents.GetCurrentAsync(new ChatKey(Group, 0)))!.Name);
        var refused = await bot.Service<AuditLog>().LatestAsync(Group, 10);
        Assert.Contains(refused, e => e.Action == AuditActions.Refused && e.UserId == Member && e.Detail.Contains("menu", StringComparison.Ordinal));

        bot.Telegram.PressButton(Group, BotHarness.OwnerId, menu.MessageId, use);
        await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == menu.MessageId && m.Text.Contains("Now talking to 🤖 default", StringComparison.Ordinal), timeout, "the requester's switch");

        var again = team.Command(BotHarness.OwnerId, "/agents");
        var second = await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == again && m.AllButtons.Any(), timeout, "the second menu");
        bot.Telegram.PressButton(Group, BotHarness.AdminId, second.MessageId, second.AllButtons.Single(b => b.Text == "Use 🦊 fox").CallbackData!);
        await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == second.MessageId && m.Text.Contains("Now talking to 🦊 fox", StringComparison.Ordinal), timeout, "the admin's switch");
    }
}
