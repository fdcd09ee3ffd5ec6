using Orchestrator.Bot.Tests.Harness;

namespace Orchestrator.Bot.Tests.Groups;

/// <summary>/allow, /deny, /users, /admins: who may run them, and that grants work at once and survive restarts.</summary>
public sealed class AdminCommandTests
{
    private const long Group = -100_400_500;
    private const long Newcomer = 4242;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static void GroupAdminGrants(Dictionary<string, string?> settings) => settings["Access:AllowGroupAdminGrants"] = "true";

    [Fact]
    public async Task A_non_admins_allow_is_refused_an_admins_allow_works_at_once_and_survives_a_restart()
    {
        var agents = new RecordingAgentChat();
        await using var bot = await GroupFilteringTests.StartAsync(agents);
        var team = new TeamGroup(bot.Telegram, Group);

        var refused = team.Command(BotHarness.OwnerId, "/allow 4242");
        await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == refused && m.Text.Contains("admins only", StringComparison.Ordinal), Timeout);
        team.Mention(Newcomer, "hello?");
        await team.WaitForBotMessageAsync(m => m.Text.Contains("not allowed", StringComparison.Ordinal), Timeout, "the newcomer is still a stranger");

        var allowed = team.Command(BotHarness.AdminId, "/allow 4242");
        await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == allowed && m.Text.Contains("4242 may now use the bot", StringComparison.Ordinal), Timeout);
        team.Mention(Newcomer, "now can I?");
        var incoming = await agents.NextAsync(Timeout);
        Assert.Equal(Newcomer, incoming.Message.From!.Id);
        Assert.Equal("now can I?", incoming.Message.Text);

        await bot.RestartAsync();
        team.Mention(Newcomer, "still there?");
        Assert.Equal("still there?", (await agents.NextAsync(Timeout)).Message.Text);

        var users = team.Command(BotHarness.AdminId, "/users");
        var list = await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == users, Timeout);
        Assert.Contains("4242 — by 1000", list.Text, StringComparison.Ordinal);
        Assert.Contains("1001", list.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deny_takes_a_grant_back_but_cannot_remove_users_from_the_configuration()
    {
        var agents = new RecordingAgentChat();
        await using var bot = await GroupFilteringTests.StartAsync(agents);
        var team = new TeamGroup(bot.Telegram, Group);
        var allowed = team.Command(BotHarness.AdminId, "/allow 4242");
        await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == allowed, Timeout);

        var denyOwner = team.Command(BotHarness.AdminId, "/deny 1001");
        var answer = await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == denyOwner, Timeout);
        Assert.Contains("configuration", answer.Text, StringComparison.Ordinal);
        Assert.Contains("cannot", answer.Text, StringComparison.Ordinal);
        team.Mention(BotHarness.OwnerId, "am I still here?");
        Assert.Equal("am I still here?", (await agents.NextAsync(Timeout)).Message.Text);

        var deny = team.Command(BotHarness.AdminId, "/deny 4242");
        await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == deny && m.Text.Contains("may no longer", StringComparison.Ordinal), Timeout);
        team.Mention(Newcomer, "and me?");
        await team.WaitForBotMessageAsync(m => m.Text.Contains("not allowed", StringComparison.Ordinal), Timeout, "the newcomer is refused again");
        Assert.DoesNotContain(agents.All, m => m.Message.From!.Id == Newcomer);
    }

    [Fact]
    public async Task An_allowed_telegram_administrator_of_the_group_can_allow_and_a_stranger_administrator_cannot()
    {
        var agents = new RecordingAgentChat();
        await using var bot = await GroupFilteringTests.StartAsync(agents, GroupAdminGrants);
        var team = new TeamGroup(bot.Telegram, Group);
        bot.Telegram.SetChatAdministrators(Group, BotHarness.StrangerId, BotHarness.OwnerId);

        var allow = team.Command(BotHarness.OwnerId, "/allow 4242");
        await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == allow && m.Text.Contains("may now use the bot", StringComparison.Ordinal), Timeout);
        team.Mention(Newcomer, "hi");
        Assert.Equal(Newcomer, (await agents.NextAsync(Timeout)).Message.From!.Id);

        await bot.Telegram.WaitForAsync(
            t => t.Commands.GetValueOrDefault("all_chat_administrators")?.Any(c => c.Command == "allow") == true ? t : null, Timeout, "group administrators' menu lists /allow");
        var help = team.Command(BotHarness.OwnerId, "/help");
        var listed = await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == help, Timeout);
        Assert.Contains("/allow", listed.Text, StringComparison.Ordinal); // a group administrator sees the admin commands
        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/help");
        var privately = await bot.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text.Contains("/whoami", StringComparison.Ordinal), Timeout);
        Assert.DoesNotContain("/allow", privately.Text, StringComparison.Ordinal); // not outside the group

        var admins = team.Command(BotHarness.OwnerId, "/admins");
        var list = await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == admins, Timeout);
        Assert.Contains("1001 — may run admin commands here", list.Text, StringComparison.Ordinal);
        Assert.Contains("9999 — not allowed", list.Text, StringComparison.Ordinal);

        bot.Telegram.SendText(BotHarness.AdminId, BotHarness.AdminId, "/allow 5555");
        await bot.Telegram.WaitForBotMessageAsync(BotHarness.AdminId, m => m.Text.Contains("5555 may now", StringComparison.Ordinal), Timeout);
        var denyElsewhere = team.Command(BotHarness.OwnerId, "/deny 5555");
        Assert.Contains("allowed in another chat", (await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == denyElsewhere, Timeout)).Text, StringComparison.Ordinal);
        var denyHere = team.Command(BotHarness.OwnerId, "/deny 4242");
        Assert.Contains("may no longer", (await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == denyHere, Timeout)).Text, StringComparison.Ordinal);

        team.Command(BotHarness.StrangerId, "/allow 777");
        await bot.WaitForHandledAsync(Timeout);
        Assert.DoesNotContain(team.BotMessages(), m => m.Text.Contains("777 may now", StringComparison.Ordinal));
        Assert.Single(bot.Telegram.RequestsFor("getChatAdministrators")); // cached
    }

    [Fact]
    public async Task A_group_administrators_allow_counts_only_in_that_group_until_a_configured_admin_allows_everywhere()
    {
        var agents = new RecordingAgentChat();
        await using var bot = await GroupFilteringTests.StartAsync(agents, GroupAdminGrants);
        var team = new TeamGroup(bot.Telegram, Group);
        var other = new TeamGroup(bot.Telegram, Group - 1);
        bot.Telegram.SetChatAdministrators(Group, BotHarness.OwnerId);
        bot.Telegram.SetChatAdministrators(Group - 1, BotHarness.OwnerId);

        var allow = team.Command(BotHarness.OwnerId, "/allow 4242");
        await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == allow && m.Text.Contains("may now use the bot in this group", StringComparison.Ordinal), Timeout);
        team.Mention(Newcomer, "hi from the group");
        Assert.Equal("hi from the group", (await agents.NextAsync(Timeout)).Message.Text);

        // Not in a private chat with the bot (where it would run commands on its host for them), nor in another group.
        bot.Telegram.SendText(Newcomer, Newcomer, "hi privately");
        await bot.Telegram.WaitForBotMessageAsync(Newcomer, m => m.Text.Contains("not allowed", StringComparison.Ordinal), Timeout, "the private refusal");
        var elsewhere = other.Command(BotHarness.OwnerId, "/allow 4242");
        await other.WaitForBotMessageAsync(m => m.ReplyToMessageId == elsewhere && m.Text.Contains("allowed only in another group", StringComparison.Ordinal), Timeout);

        bot.Telegram.SendText(BotHarness.AdminId, BotHarness.AdminId, "/allow 4242");
        await bot.Telegram.WaitForBotMessageAsync(BotHarness.AdminId, m => m.Text.Contains("may now use the bot everywhere", StringComparison.Ordinal), Timeout);
        bot.Telegram.SendText(Newcomer, Newcomer, "hi again privately");
        Assert.Equal("hi again privately", (await agents.NextAsync(Timeout)).Message.Text);
        var users = team.Command(BotHarness.OwnerId, "/users");
        Assert.DoesNotContain("only in chat", (await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == users, Timeout)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task By_default_a_telegram_administrator_of_the_group_can_neither_allow_nor_deny()
    {
        var agents = new RecordingAgentChat();
        await using var bot = await GroupFilteringTests.StartAsync(agents);
        var team = new TeamGroup(bot.Telegram, Group);
        bot.Telegram.SetChatAdministrators(Group, BotHarness.OwnerId);
        var granted = team.Command(BotHarness.AdminId, "/allow 5555");
        await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == granted && m.Text.Contains("may now use the bot", StringComparison.Ordinal), Timeout);

        var allow = team.Command(BotHarness.OwnerId, "/allow 4242");
        var refusal = await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == allow, Timeout);
        Assert.Contains("Access:AllowGroupAdminGrants is off", refusal.Text, StringComparison.Ordinal);
        var deny = team.Command(BotHarness.OwnerId, "/deny 5555");
        Assert.Contains("Access:AllowGroupAdminGrants is off", (await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == deny, Timeout)).Text, StringComparison.Ordinal);

        team.Mention(Newcomer, "can I?");
        await team.WaitForBotMessageAsync(m => m.Text.Contains("not allowed", StringComparison.Ordinal), Timeout, "the newcomer is still a stranger");
        team.Mention(5555, "and I?");
        Assert.Equal(5555, (await agents.NextAsync(Timeout)).Message.From!.Id); // the admin's grant stands
        Assert.DoesNotContain(agents.All, m => m.Message.From!.Id == Newcomer);
        Assert.Empty(bot.Telegram.RequestsFor("getChatAdministrators")); // not even asked: group administrators count for nothing
        var entries = await bot.Service<Orchestrator.Bot.Audit.AuditLog>().LatestAsync(Group, 10);
        Assert.Contains(entries, e => e.UserId == BotHarness.OwnerId && e.Detail.Contains("/allow 4242 (refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Allow_as_a_reply_names_the_user_the_admin_answered()
    {
        var agents = new RecordingAgentChat();
        await using var bot = await GroupFilteringTests.StartAsync(agents);
        var team = new TeamGroup(bot.Telegram, Group);

        team.CommandReplyingTo(BotHarness.AdminId, "/allow", Newcomer);
        await team.WaitForBotMessageAsync(m => m.Text.Contains("@user4242 (4242) may now use the bot", StringComparison.Ordinal), Timeout);

        var nobody = team.Command(BotHarness.AdminId, "/allow");
        var usage = await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == nobody, Timeout);
        Assert.Contains("Whom?", usage.Text, StringComparison.Ordinal);
        var nonsense = team.Command(BotHarness.AdminId, "/allow -5");
        Assert.Contains("Whom?", (await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == nonsense, Timeout)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_commands_appear_only_in_the_configured_admins_menu_by_default()
    {
        await using var bot = await BotHarness.StartAsync();

        var commands = await bot.Telegram.WaitForAsync(t => t.Commands.Count >= 4 ? t.Commands : null, Timeout);
        string[] adminOnly = ["allow", "deny", "users", "admins", "audit"];
        foreach (var scope in new[] { "default", "all_private_chats", "all_group_chats" })
        {
            Assert.DoesNotContain(commands[scope], c => adminOnly.Contains(c.Command));
        }

        Assert.DoesNotContain(commands["all_chat_administrators"], c => adminOnly.Contains(c.Command)); // Access:AllowGroupAdminGrants is off
        var adminsPrivateChat = await bot.Telegram.WaitForAsync(t => t.Commands.GetValueOrDefault("chat:1000"), Timeout, "the configured admin's menu");
        Assert.All(adminOnly, name => Assert.Contains(adminsPrivateChat, c => c.Command == name));
        Assert.False(bot.Telegram.Commands.ContainsKey("chat:1001"), "an allowed user who is not an admin gets the common menu");
    }
}
