using Orchestrator.Bot.Tests.Groups;
using Orchestrator.Bot.Tests.Harness;

namespace Orchestrator.Bot.Tests.Audit;

public sealed class AuditTests
{
    private const long Group = -100_600_700;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Audit_shows_admin_commands_including_refused_ones_newest_first_and_only_to_admins()
    {
        var agents = new RecordingAgentChat();
        await using var bot = await GroupFilteringTests.StartAsync(agents);
        var team = new TeamGroup(bot.Telegram, Group);
        var refused = team.Command(BotHarness.OwnerId, "/deny 4242");
        await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == refused, Timeout);
        var allowed = team.Command(BotHarness.AdminId, "/allow 4242");
        await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == allowed, Timeout);

        var ownersAudit = team.Command(BotHarness.OwnerId, "/audit");
        Assert.Contains("admins only", (await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == ownersAudit, Timeout)).Text, StringComparison.Ordinal);

        var audit = team.Command(BotHarness.AdminId, "/audit 3");
        var log = await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == audit, Timeout);
        var lines = log.Text.Split('\n');
        Assert.Equal(4, lines.Length); // a title and the 3 newest entries
        Assert.Contains("@user1000: command — /audit 3", lines[1], StringComparison.Ordinal);
        Assert.Contains("@user1001: command — /audit (refused: not an admin)", lines[2], StringComparison.Ordinal);
        Assert.Contains("@user1000: command — /allow 4242", lines[3], StringComparison.Ordinal);

        // In a private chat a configured admin sees every chat's entries, with the chat id.
        bot.Telegram.SendText(BotHarness.AdminId, BotHarness.AdminId, "/audit 50");
        var all = await bot.Telegram.WaitForBotMessageAsync(BotHarness.AdminId, _ => true, Timeout);
        Assert.Contains("in -100600700: command — /deny 4242 (refused: not an admin)", all.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_to_agents_by_command_or_button_are_in_the_audit_log_with_who_made_them()
    {
        var agents = new RecordingAgentChat();
        await using var bot = await GroupFilteringTests.StartAsync(agents);
        var team = new TeamGroup(bot.Telegram, Group);
        foreach (var command in new[] { "/agent new fox", "/persona Answer in rhymes.", "/persona" })
        {
            var asked = team.Command(BotHarness.OwnerId, command);
            await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == asked, Timeout);
        }

        var listed = team.Command(BotHarness.OwnerId, "/agents");
        var list = await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == listed && m.Buttons.Count > 0, Timeout);
        var useDefault = list.Buttons.SelectMany(row => row).Single(b => b.Text.Contains("default", StringComparison.Ordinal));
        bot.Telegram.PressButton(Group, BotHarness.OwnerId, list.MessageId, useDefault.CallbackData!);
        await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == list.MessageId, Timeout);

        var audit = team.Command(BotHarness.AdminId, "/audit 4");
        var lines = (await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == audit, Timeout)).Text.Split('\n');
        Assert.Contains("@user1001: agent — button: switched to agent default", lines[2], StringComparison.Ordinal);
        Assert.Contains("@user1001: agent — /persona Answer in rhymes.", lines[3], StringComparison.Ordinal); // a bare /persona only shows it
        Assert.Contains("@user1001: agent — /agent new fox", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_count_gets_the_usage()
    {
        await using var bot = await BotHarness.StartAsync();

        bot.Telegram.SendText(BotHarness.AdminId, BotHarness.AdminId, "/audit lots");

        var reply = await bot.Telegram.WaitForBotMessageAsync(BotHarness.AdminId, _ => true, Timeout);
        Assert.Contains("Usage: /audit [count]", reply.Text, StringComparison.Ordinal);
    }
}
