using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Telegram.Types.Enums;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Bot.Tests.Groups;

/// <summary>A group upgraded to a supergroup (new chat id) keeps its agents and their threads.</summary>
public sealed class SupergroupMigrationTests
{
    private const long OldGroup = -4_100_200;
    private const long Supergroup = -100_4_100_200;

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
}
