using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Bot.Tests.Groups;

/// <summary>Each forum topic has its own agent and Codex thread, and the bot answers inside the topic it was asked in.</summary>
public sealed class ForumTopicTests
{
    private const long Forum = -100_700_800;
    private const int Backend = 11;
    private const int Frontend = 22;

    [Fact]
    public async Task Two_topics_have_separate_threads_and_every_reply_stays_in_its_topic()
    {
        await using var codex = await CodexBot.StartAsync();
        var team = new TeamGroup(codex.Telegram, Forum, isForum: true);

        codex.Model.Enqueue(FakeResponse.Text("Backend noted: apple."));
        team.Mention(BotHarness.OwnerId, "remember apple", Backend);
        await team.WaitForBotMessageAsync(m => m.Text == "Backend noted: apple.", CodexBot.Timeout);

        codex.Model.Enqueue(FakeResponse.Text("Frontend noted: banana."));
        team.Mention(BotHarness.AdminId, "remember banana", Frontend);
        await team.WaitForBotMessageAsync(m => m.Text == "Frontend noted: banana.", CodexBot.Timeout);

        codex.Model.Enqueue(FakeResponse.Text("Backend word: apple."));
        team.Mention(BotHarness.OwnerId, "which word?", Backend);
        await team.WaitForBotMessageAsync(m => m.Text == "Backend word: apple.", CodexBot.Timeout);

        var backend = codex.Model.Requests[^1];
        Assert.True(backend.HasUserText("remember apple"), "the backend topic continues its own thread");
        Assert.False(backend.HasUserText("remember banana"), "the frontend topic's messages must not leak into the backend thread");
        Assert.False(codex.Model.Requests[1].HasUserText("remember apple"), "the frontend topic started a thread of its own");

        Assert.All(team.BotMessages(), m => Assert.NotNull(m.MessageThreadId));
        Assert.All(team.BotMessages().Where(m => m.Text.StartsWith("Backend", StringComparison.Ordinal)), m => Assert.Equal(Backend, m.MessageThreadId));
        Assert.All(team.BotMessages().Where(m => m.Text.StartsWith("Frontend", StringComparison.Ordinal)), m => Assert.Equal(Frontend, m.MessageThreadId));
        Assert.All(codex.Telegram.ChatActions.Where(a => a.ChatId == Forum), a => Assert.Contains(a.MessageThreadId, new int?[] { Backend, Frontend }));

        var agents = codex.Bot.Service<AgentStore>();
        var first = await agents.GetOrCreateCurrentAsync(new ChatKey(Forum, Backend), () => throw new InvalidOperationException("the backend topic has an agent"));
        var second = await agents.GetOrCreateCurrentAsync(new ChatKey(Forum, Frontend), () => throw new InvalidOperationException("the frontend topic has an agent"));
        Assert.NotEqual(first.Id, second.Id);
        Assert.NotEqual(first.SessionId, second.SessionId);

        // The live "Stop" keyboard was in the topic too: the whole exchange never left it.
        Assert.DoesNotContain(codex.Telegram.Requests, r => r.Method == "sendMessage" && r.ChatId == Forum && !r.Body.Contains("message_thread_id", StringComparison.Ordinal));
    }
}
