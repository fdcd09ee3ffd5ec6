using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Agents;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Tests.Harness;
using Telegram.Bot.Types.Enums;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Bot.Tests.Groups;

/// <summary>A group upgraded to a supergroup (new chat id) keeps its agents and their threads.</summary>
public sealed class SupergroupMigrationTests
{
    private const long OldGroup = -4_100_200;
    private const long Supergroup = -100_4_100_200;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task After_the_upgrade_the_next_message_in_the_supergroup_continues_the_same_thread()
    {
        await using var codex = await CodexBot.StartAsync();
        var group = new TeamGroup(codex.Telegram, OldGroup, type: ChatType.Group);
        codex.Model.Enqueue(FakeResponse.Text("Noted: swordfish."));
        group.Mention(BotHarness.OwnerId, "remember the word swordfish");
        await group.WaitForBotMessageAsync(m => m.Text == "Noted: swordfish.", CodexBot.Timeout);

        var agents = codex.Bot.Service<AgentStore>();
        var agent = await agents.GetOrCreateCurrentAsync(new ChatKey(OldGroup, 0), () => throw new InvalidOperationException("the group has an agent"));

        var supergroup = new TeamGroup(codex.Telegram, Supergroup);
        group.MigratedTo(BotHarness.OwnerId, Supergroup);
        supergroup.MigratedFrom(OldGroup);
        codex.Model.Enqueue(FakeResponse.Text("It was swordfish."));
        supergroup.Mention(BotHarness.OwnerId, "what was the word?");

        await supergroup.WaitForBotMessageAsync(m => m.Text == "It was swordfish.", CodexBot.Timeout);
        var request = codex.Model.Requests[^1];
        Assert.True(request.HasUserText("remember the word swordfish"), "the supergroup continues the group's thread");
        var moved = await agents.GetOrCreateCurrentAsync(new ChatKey(Supergroup, 0), () => throw new InvalidOperationException("the agent moved"));
        Assert.Equal(agent.Id, moved.Id);
        Assert.Equal(agent.SessionId, moved.SessionId);
    }

    [Fact]
    public async Task A_turn_running_during_the_upgrade_finishes_its_answer_in_the_supergroup()
    {
        var engine = new Reliability.GatedEngine();
        await using var bot = await BotHarness.StartAsync(services: s => s.AddSingleton<IAgentEngine>(engine));
        var group = new TeamGroup(bot.Telegram, OldGroup, type: ChatType.Group);
        group.Mention(BotHarness.OwnerId, "start a long task");
        var streaming = await group.WaitForBotMessageAsync(m => m.Text.Contains(Reliability.GatedEngine.Before, StringComparison.Ordinal), Timeout);

        // Upgraded mid-turn: from now on Telegram refuses every call naming the old group, edits of its messages included.
        bot.Telegram.UpgradeGroup(OldGroup, Supergroup);
        var supergroup = new TeamGroup(bot.Telegram, Supergroup);
        group.MigratedTo(BotHarness.OwnerId, Supergroup);
        supergroup.MigratedFrom(OldGroup);
        engine.Release();

        var answer = Reliability.GatedEngine.Before + " " + Reliability.GatedEngine.After;
        await supergroup.WaitForBotMessageAsync(m => m.Text == answer && m.Buttons.Count == 0, Timeout, "the final answer in the supergroup");
        Assert.Single(supergroup.BotMessages(), m => m.Text.Contains(Reliability.GatedEngine.Before, StringComparison.Ordinal));
        Assert.Equal(streaming.Text, group.BotMessages().Single(m => m.MessageId == streaming.MessageId).Text); // left as it was

        // The supergroup goes on with the next turn as usual.
        supergroup.Mention(BotHarness.OwnerId, "and another");
        await supergroup.WaitForBotMessageAsync(m => m.Text == answer && m.Buttons.Count == 0 && m.MessageId != supergroup.BotMessages()[0].MessageId, Timeout, "the next answer");
    }
}
