using Orchestrator.Bot.Tests.Harness;

namespace Orchestrator.Bot.Tests.Groups;

/// <summary>
/// <c>Access:AgentsInGroups = false</c>: a message for the agent in a group or forum topic gets one short answer and no
/// turn starts (every member would see answers and diffs); commands that start no turn still work, private chats too.
/// </summary>
public sealed class AgentsInGroupsTests
{
    private const long Group = -100_950_100;
    private const long Forum = -100_950_200;
    private const int Topic = 7;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task With_agents_off_in_groups_a_mention_gets_one_short_answer_and_reaches_no_agent()
    {
        var agents = new RecordingAgentChat();
        await using var bot = await GroupFilteringTests.StartAsync(agents, s => s["Access:AgentsInGroups"] = "false");
        var team = new TeamGroup(bot.Telegram, Group);
        var forum = new TeamGroup(bot.Telegram, Forum, isForum: true);

        team.Mention(BotHarness.OwnerId, "run the tests");
        var answer = await team.WaitForBotMessageAsync(m => m.Text.Contains("Agents are off in groups", StringComparison.Ordinal), Timeout, "the short answer");
        Assert.Equal("Agents are off in groups; talk to me in a private chat.", answer.Text);
        team.ReplyToBot(BotHarness.AdminId, answer.MessageId, "and now?");
        forum.Mention(BotHarness.OwnerId, "and in a topic?", Topic);
        var inTopic = await forum.WaitForBotMessageAsync(m => m.Text.StartsWith("Agents are off", StringComparison.Ordinal), Timeout, "the answer in the topic");
        Assert.Equal(Topic, inTopic.MessageThreadId);

        var whoami = team.Command(BotHarness.OwnerId, "/whoami");
        await team.WaitForBotMessageAsync(m => m.ReplyToMessageId == whoami && m.Text.Contains("Role: allowed", StringComparison.Ordinal), Timeout, "a command still works");
        await bot.WaitForHandledAsync(Timeout);
        Assert.Equal(2, team.BotMessages().Count(m => m.Text.StartsWith("Agents are off", StringComparison.Ordinal))); // one per message
        Assert.Empty(agents.All);
        Assert.DoesNotContain(bot.Telegram.ChatActions, a => a.ChatId is Group or Forum);

        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "privately then");
        Assert.Equal("privately then", (await agents.NextAsync(Timeout)).Message.Text);
    }

    [Fact]
    public async Task By_default_agents_answer_in_groups()
    {
        var agents = new RecordingAgentChat();
        await using var bot = await GroupFilteringTests.StartAsync(agents);
        var team = new TeamGroup(bot.Telegram, Group);

        team.Mention(BotHarness.OwnerId, "run the tests");
        Assert.Equal("run the tests", (await agents.NextAsync(Timeout)).Message.Text);
        Assert.DoesNotContain(team.BotMessages(), m => m.Text.StartsWith("Agents are off", StringComparison.Ordinal));
    }
}
