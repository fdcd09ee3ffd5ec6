using Orchestrator.Testing.OpenAi;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Codex;

[Trait("Category", "Integration")]
public sealed class CodexStreamingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Streamed_answer_arrives_as_ordered_deltas_and_ends_completed()
    {
        await using var h = await CodexHarness.StartAsync(output);
        var answer = FakeResponse.Streamed("The ", "answer ", "is ", "forty", "-two.");
        h.Model.Enqueue(answer);
        var engine = h.CreateEngine();
        var session = await engine.StartSessionAsync(h.SessionOptions()).WaitAsync(CodexHarness.Timeout);

        var turn = await session.StartTurnAsync([new TextInput("what is the answer?")]).WaitAsync(CodexHarness.Timeout);
        var events = await turn.ReadAllAsync(CodexHarness.Timeout);

        var deltas = events.OfType<TextDelta>().Select(d => d.Delta).ToList();
        Assert.Equal(answer.Deltas, deltas);
        var ended = Assert.IsType<TurnEnded>(events[^1]);
        Assert.Single(events.OfType<TurnEnded>());
        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("The answer is forty-two.", ended.FinalText);
        Assert.Equal(ended, await turn.Completion);
        Assert.Contains(events.OfType<ItemCompleted>(), e => e.Item.Kind == AgentItemKind.AgentMessage && e.Item.Text == "The answer is forty-two.");
        Assert.NotNull(ended.Usage);
        Assert.True((await h.Model.WaitForRequestAsync(0)).HasUserText("what is the answer?"));
    }
}
