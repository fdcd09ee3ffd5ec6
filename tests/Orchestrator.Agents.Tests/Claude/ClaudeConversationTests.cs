using Orchestrator.Agents.Claude;
using Orchestrator.Testing.Anthropic;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Claude;

public sealed class ClaudeConversationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_streamed_answer_arrives_in_deltas_and_completes_with_usage_and_cost()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var engine = harness.CreateEngine();
        harness.Server.Enqueue(FakeAnthropicResponse.Text("The ", "answer ", "is ", "42."));

        var session = await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        Assert.True(Guid.TryParse(session.SessionId, out _), session.SessionId);
        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("What is the answer?")]));
        var ended = await turn.EndAsync();

        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("The answer is 42.", turn.Text);
        Assert.Equal(4, turn.All.OfType<TextDelta>().Count());
        Assert.Equal("The answer is 42.", ended.FinalText);
        Assert.NotNull(ended.Usage);
        Assert.True(ended.Usage!.InputTokens > 0 && ended.Usage.OutputTokens > 0, ended.Usage.ToString());
        Assert.True(ended.Usage.CostUsd > 0, ended.Usage.ToString());
        var message = Assert.Single(turn.All.OfType<ItemCompleted>(), i => i.Item.Kind == AgentItemKind.AgentMessage);
        Assert.Equal("The answer is 42.", message.Item.Text);
        Assert.IsType<TurnEnded>(turn.All[^1]);

        var request = harness.Server.Requests.Single();
        Assert.Equal("What is the answer?", request.Texts[^1]);
        Assert.Contains("PERSONA: you are Carl.", request.Body!["system"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_turns_run_in_one_process_and_the_second_request_carries_the_first_turn()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var engine = harness.CreateEngine();
        harness.Server.Enqueue(FakeAnthropicResponse.Text("First ", "answer."), FakeAnthropicResponse.Text("Second ", "answer."));
        var session = (ClaudeSession)await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        var pid = session.ProcessId;

        var first = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("one")]));
        Assert.Equal(TurnOutcome.Completed, (await first.EndAsync()).Outcome);
        var second = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("two")]));
        var ended = await second.EndAsync();

        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("Second answer.", ended.FinalText);
        Assert.Equal(pid, session.ProcessId);
        var texts = harness.Server.Requests[^1].Texts;
        Assert.Equal(["one", "First answer.", "two"], texts.Where(t => t is "one" or "First answer." or "two"));
    }
}
