using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Tests.Harness;

namespace Orchestrator.Bot.Tests.Groups;

/// <summary>In a group the bot acts only on what is addressed to it, and only for allowed users.</summary>
public sealed class GroupFilteringTests
{
    private const long Group = -100_200_300;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Plain_chatter_is_ignored_and_mentions_replies_and_commands_reach_the_bot()
    {
        var agents = new RecordingAgentChat();
        await using var bot = await StartAsync(agents);
        var team = new TeamGroup(bot.Telegram, Group);

        team.Say(BotHarness.OwnerId, "did anyone look at the flaky test?");
        team.MentionOf(BotHarness.OwnerId, "someone_else", "can you check it?");
        team.Command(BotHarness.OwnerId, "/whoami@some_other_bot");
        team.Command(BotHarness.OwnerId, "/frobnicate"); // maybe another bot's command: no noise
        team.Mention(BotHarness.OwnerId, "please fix the flaky test");
        var mentioned = await agents.NextAsync(Timeout);

        Assert.Equal("please fix the flaky test", mentioned.Message.Text);
        await bot.WaitForHandledAsync(Timeout);
        Assert.Single(agents.All);
        Assert.Empty(team.BotMessages());
        Assert.DoesNotContain(bot.Telegram.ChatActions, a => a.ChatId == Group);

        team.Command(BotHarness.OwnerId, "/whoami");
        var whoami = await team.WaitForBotMessageAsync(m => m.Text.Contains("Role: allowed", StringComparison.Ordinal), Timeout);

        team.ReplyToBot(BotHarness.OwnerId, whoami.MessageId, "thanks, now run the tests");
        Assert.Equal("thanks, now run the tests", (await agents.NextAsync(Timeout)).Message.Text);

        team.TextMention(BotHarness.OwnerId, "Orchestrator", "what changed?");
        Assert.Equal("what changed?", (await agents.NextAsync(Timeout)).Message.Text);
    }

    [Fact]
    public async Task A_mention_alone_gets_a_hint_and_no_turn()
    {
        var agents = new RecordingAgentChat();
        await using var bot = await StartAsync(agents);
        var team = new TeamGroup(bot.Telegram, Group);

        team.Mention(BotHarness.OwnerId, "");

        var hint = await team.WaitForBotMessageAsync(_ => true, Timeout);
        Assert.Contains("after the mention", hint.Text, StringComparison.Ordinal);
        Assert.Empty(agents.All);
    }

    [Fact]
    public async Task A_stranger_in_a_group_is_ignored_quietly_with_at_most_one_refusal()
    {
        var agents = new RecordingAgentChat();
        await using var bot = await StartAsync(agents);
        var team = new TeamGroup(bot.Telegram, Group);

        team.Say(BotHarness.StrangerId, "hello everyone");
        var addressed = team.Command(BotHarness.StrangerId, "/whoami");
        team.Mention(BotHarness.StrangerId, "delete the repo");
        team.Mention(BotHarness.StrangerId, "delete the repo, please");
        await bot.WaitForHandledAsync(Timeout);

        var refusal = Assert.Single(team.BotMessages());
        Assert.Equal(addressed, refusal.ReplyToMessageId); // the chatter before it got nothing
        Assert.Contains("not allowed", refusal.Text, StringComparison.Ordinal);
        Assert.Contains("/allow 9999", refusal.Text, StringComparison.Ordinal);
        Assert.Empty(agents.All);

        // The hourly budget in groups does not eat the private-chat one.
        bot.Telegram.SendText(BotHarness.StrangerId, BotHarness.StrangerId, "hi");
        await bot.Telegram.WaitForBotMessageAsync(BotHarness.StrangerId, m => m.Text.Contains("not allowed", StringComparison.Ordinal), Timeout);
    }

    internal static Task<BotHarness> StartAsync(RecordingAgentChat agents, Action<Dictionary<string, string?>>? settings = null) =>
        BotHarness.StartAsync(settings, services => services.AddSingleton<IAgentChat>(agents));
}
