using Orchestrator.Testing.OpenAi;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Codex;

[Trait("Category", "Integration")]
public sealed class CodexInterruptSteerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Interrupt_mid_stream_ends_interrupted_with_partial_text_and_cuts_the_model_stream()
    {
        await using var h = await CodexHarness.StartAsync(output);
        var never = new TaskCompletionSource();
        h.Model.Enqueue(FakeResponse.Streamed("partial ", "answer ", "never sent").WithGateBefore(2, never.Task));
        var engine = h.CreateEngine();
        var session = await engine.StartSessionAsync(h.SessionOptions()).WaitAsync(CodexHarness.Timeout);
        var turn = await session.StartTurnAsync([new TextInput("stream slowly")]).WaitAsync(CodexHarness.Timeout);
        var seen = new List<AgentEvent>();
        await using var events = turn.Events.GetAsyncEnumerator();
        await events.WaitForAsync<TextDelta>(seen, CodexHarness.Timeout, d => d.Delta == "answer ");

        await turn.InterruptAsync().WaitAsync(CodexHarness.Timeout);
        var ended = await turn.Completion.WaitAsync(CodexHarness.Timeout);

        Assert.Equal(TurnOutcome.Interrupted, ended.Outcome);
        Assert.Equal("partial answer ", ended.FinalText);
        await h.Model.Requests[0].StreamCut.WaitAsync(CodexHarness.Timeout);
        var rest = new List<AgentEvent>();
        while (await events.MoveNextAsync())
        {
            rest.Add(events.Current);
        }

        Assert.Equal(ended, Assert.Single(rest.OfType<TurnEnded>()));
        Assert.IsType<TurnEnded>(rest[^1]);
    }

    [Fact]
    public async Task Steer_adds_input_that_reaches_the_model_in_the_same_turn()
    {
        await using var h = await CodexHarness.StartAsync(output);
        var gate = new TaskCompletionSource();
        h.Model.Enqueue(FakeResponse.Streamed("working ", "on it").WithGateBefore(1, gate.Task));
        h.Model.DefaultResponse = FakeResponse.Text("Steered answer.");
        var engine = h.CreateEngine();
        var session = await engine.StartSessionAsync(h.SessionOptions()).WaitAsync(CodexHarness.Timeout);
        var turn = await session.StartTurnAsync([new TextInput("first request")]).WaitAsync(CodexHarness.Timeout);
        var seen = new List<AgentEvent>();
        await using var events = turn.Events.GetAsyncEnumerator();
        await events.WaitForAsync<TextDelta>(seen, CodexHarness.Timeout);

        await turn.SteerAsync([new TextInput("also mention the steer-42 token")]).WaitAsync(CodexHarness.Timeout);
        gate.SetResult();

        var next = await h.Model.WaitForRequestAsync(1).WaitAsync(CodexHarness.Timeout);
        Assert.True(next.HasUserText("steer-42"), "The model's next request should contain the steered input.");
        Assert.True(next.HasUserText("first request"));
        var ended = await turn.Completion.WaitAsync(CodexHarness.Timeout);
        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("Steered answer.", ended.FinalText);
        Assert.False(string.IsNullOrEmpty(turn.TurnId));
    }

    [Fact]
    public async Task A_second_turn_while_one_runs_is_refused()
    {
        await using var h = await CodexHarness.StartAsync(output);
        var gate = new TaskCompletionSource();
        h.Model.Enqueue(FakeResponse.Streamed("a", "b").WithGateBefore(1, gate.Task));
        var engine = h.CreateEngine();
        var session = await engine.StartSessionAsync(h.SessionOptions()).WaitAsync(CodexHarness.Timeout);
        var turn = await session.StartTurnAsync([new TextInput("one")]).WaitAsync(CodexHarness.Timeout);

        await Assert.ThrowsAsync<InvalidOperationException>(() => session.StartTurnAsync([new TextInput("two")]));

        gate.SetResult();
        Assert.Equal(TurnOutcome.Completed, (await turn.Completion.WaitAsync(CodexHarness.Timeout)).Outcome);
    }

    [Fact]
    public async Task Model_error_ends_the_turn_failed_with_the_message()
    {
        await using var h = await CodexHarness.StartAsync(output);
        h.Model.Enqueue(FakeResponse.HttpError(400, "fake bad request"));
        var engine = h.CreateEngine();
        var session = await engine.StartSessionAsync(h.SessionOptions()).WaitAsync(CodexHarness.Timeout);

        var turn = await session.StartTurnAsync([new TextInput("fail please")]).WaitAsync(CodexHarness.Timeout);
        var ended = await turn.Completion.WaitAsync(CodexHarness.Timeout);

        Assert.Equal(TurnOutcome.Failed, ended.Outcome);
        Assert.Equal("fake bad request", ended.Error);
    }
}
