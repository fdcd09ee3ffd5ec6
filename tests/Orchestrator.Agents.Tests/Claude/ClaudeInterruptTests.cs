using Orchestrator.Agents.Claude;
using Orchestrator.Testing.Anthropic;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Claude;

public sealed class ClaudeInterruptTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Interrupting_mid_stream_ends_the_turn_interrupted_with_the_partial_text_and_the_process_stays_usable()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var engine = harness.CreateEngine();
        var slow = FakeAnthropicResponse.Text("tick0 ", "tick1 ", "tick2 ", "never sent");
        var gate = slow.HoldBefore(3);
        harness.Server.Enqueue(slow, FakeAnthropicResponse.Text("After ", "the interrupt."));
        var session = (ClaudeSession)await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        var pid = session.ProcessId;
        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("count slowly")]));
        await gate.Reached.WaitAsync(ClaudeHarness.Timeout);
        await turn.WaitForAsync<TextDelta>(d => d.Delta == "tick2 ");

        await turn.Turn.InterruptAsync().WaitAsync(ClaudeHarness.Timeout);
        var ended = await turn.EndAsync();

        Assert.Equal(TurnOutcome.Interrupted, ended.Outcome);
        Assert.Equal("tick0 tick1 tick2 ", ended.FinalText);
        var request = harness.Server.Requests[0];
        await request.Finished.WaitAsync(ClaudeHarness.Timeout);
        Assert.True(request.WasCut);

        var next = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("go on")]));
        var nextEnded = await next.EndAsync();
        Assert.Equal(TurnOutcome.Completed, nextEnded.Outcome);
        Assert.Equal("After the interrupt.", nextEnded.FinalText);
        Assert.Equal(pid, session.ProcessId);
    }

    [Fact]
    public async Task A_killed_process_fails_the_turn_promptly_and_the_next_turn_resumes_the_session()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var engine = harness.CreateEngine();
        var slow = FakeAnthropicResponse.Text("partial ", "never sent");
        var gate = slow.HoldBefore(1);
        harness.Server.Enqueue(FakeAnthropicResponse.Text("Earlier answer."), slow, FakeAnthropicResponse.Text("Back again."));
        var session = (ClaudeSession)await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        var first = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("first")]));
        Assert.Equal(TurnOutcome.Completed, (await first.EndAsync()).Outcome);
        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("second")]));
        await gate.Reached.WaitAsync(ClaudeHarness.Timeout);
        var pid = session.ProcessId!.Value;

        System.Diagnostics.Process.GetProcessById(pid).Kill();
        var ended = await turn.Finished.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TurnOutcome.Failed, ended.Outcome);
        Assert.StartsWith("Claude Code exited unexpectedly", ended.Error, StringComparison.Ordinal);
        gate.Release();

        var next = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("third")]));
        var nextEnded = await next.EndAsync();
        Assert.Equal(TurnOutcome.Completed, nextEnded.Outcome);
        Assert.Equal("Back again.", nextEnded.FinalText);
        Assert.NotEqual(pid, session.ProcessId);
        Assert.Contains("Earlier answer.", harness.Server.Requests[^1].Texts);
    }

    [Fact]
    public async Task Disposing_the_engine_ends_a_running_turn_and_stops_the_process()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var engine = harness.CreateEngine();
        var slow = FakeAnthropicResponse.Text("held ", "never sent");
        var gate = slow.HoldBefore(1);
        harness.Server.Enqueue(slow);
        var session = (ClaudeSession)await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("hold on")]));
        await gate.Reached.WaitAsync(ClaudeHarness.Timeout);
        using var process = System.Diagnostics.Process.GetProcessById(session.ProcessId!.Value);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await engine.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
        var ended = await turn.Finished.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(TurnOutcome.Failed, ended.Outcome);
        Assert.True(process.HasExited);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), stopwatch.Elapsed.ToString());
    }

    [Fact]
    public async Task Interrupting_a_turn_also_interrupts_its_queued_steered_message_and_the_next_turn_gets_its_own_answer()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var (session, turn) = await StartHeldTurnAsync(harness);
        await turn.Turn.SteerAsync([new TextInput("queued")]);

        await turn.Turn.InterruptAsync().WaitAsync(ClaudeHarness.Timeout);
        var ended = await turn.EndAsync();
        Assert.Equal(TurnOutcome.Interrupted, ended.Outcome);

        var (_, nextEnded) = await NextTurnAsync(harness, session);
        Assert.Equal("Answer to next.", nextEnded.FinalText);
        Assert.Equal("next", harness.Server.Requests[^1].Texts[^1]);
        Assert.DoesNotContain(harness.Server.Requests, r => r.Texts.Contains("Default answer."));
        Assert.DoesNotContain(harness.Server.Requests, r => r.Texts[^1] == "queued"); // Never answered: cancelled with the turn.
    }

    [Fact]
    public async Task Interrupting_cancels_every_queued_steered_message_so_none_of_them_is_answered()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var (session, turn) = await StartHeldTurnAsync(harness);
        await turn.WaitForAsync<TextDelta>(d => d.Delta == "slow ");
        await turn.Turn.SteerAsync([new TextInput("queued one")]);
        await turn.Turn.SteerAsync([new TextInput("queued two")]);

        await turn.Turn.InterruptAsync().WaitAsync(ClaudeHarness.Timeout);
        var ended = await turn.EndAsync();

        Assert.Equal(TurnOutcome.Interrupted, ended.Outcome);
        Assert.Equal("slow ", turn.Text);
        var (next, _) = await NextTurnAsync(harness, session);
        Assert.Equal("Answer to next.", next.Text);
        Assert.Equal(["first", "next"], harness.Server.Requests.Select(r => r.Texts[^1]));
    }

    [Fact]
    public async Task Interrupting_while_Claude_answers_the_steered_message_ends_the_turn_with_its_partial_text()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var engine = harness.CreateEngine();
        var first = FakeAnthropicResponse.Text("First ", "answer.");
        var firstGate = first.HoldBefore(1);
        var steered = FakeAnthropicResponse.Text("Steered ", "never sent");
        var steeredGate = steered.HoldBefore(1);
        harness.Server.Enqueue(first, steered, FakeAnthropicResponse.Text("Answer to next."));
        var session = await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("first")]));
        await firstGate.Reached.WaitAsync(ClaudeHarness.Timeout);
        await turn.Turn.SteerAsync([new TextInput("steered")]);
        firstGate.Release();
        await steeredGate.Reached.WaitAsync(ClaudeHarness.Timeout);
        await turn.WaitForAsync<TextDelta>(d => d.Delta == "Steered ");

        await turn.Turn.InterruptAsync().WaitAsync(ClaudeHarness.Timeout);
        var ended = await turn.EndAsync();

        Assert.Equal(TurnOutcome.Interrupted, ended.Outcome);
        Assert.Equal("Steered ", ended.FinalText);
        Assert.Equal("First answer.Steered ", turn.Text);
        var next = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("next")]));
        var nextEnded = await next.EndAsync();
        Assert.Equal(TurnOutcome.Completed, nextEnded.Outcome);
        Assert.Equal("Answer to next.", nextEnded.FinalText);
        Assert.Equal("Answer to next.", next.Text);
    }

    /// <summary>
    /// A turn on "first" whose answer holds after "slow ". If Claude Code starts on a queued message before an interrupt
    /// reaches it, that answer holds after its first word too, so the engine has to interrupt it: an instant answer
    /// would be complete before any interrupt could land.
    /// </summary>
    private static async Task<(IAgentSession Session, TurnEvents Turn)> StartHeldTurnAsync(ClaudeHarness harness)
    {
        var engine = harness.CreateEngine();
        var slow = FakeAnthropicResponse.Text("slow ", "never sent");
        var gate = slow.HoldBefore(1);
        harness.Server.Enqueue(slow);
        var queuedAnswer = FakeAnthropicResponse.Text("Default ", "answer.");
        queuedAnswer.HoldBefore(1);
        harness.Server.DefaultResponse = queuedAnswer;
        var session = await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("first")]));
        await gate.Reached.WaitAsync(ClaudeHarness.Timeout);
        return (session, turn);
    }

    /// <summary>The session's next turn, on "next", answered "Answer to next."; it must complete.</summary>
    private static async Task<(TurnEvents Next, TurnEnded Ended)> NextTurnAsync(ClaudeHarness harness, IAgentSession session)
    {
        harness.Server.Enqueue(FakeAnthropicResponse.Text("Answer to next."));
        var next = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("next")]));
        var ended = await next.EndAsync();
        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        return (next, ended);
    }
}
