using System.Diagnostics;
using Orchestrator.Agents.Claude;
using Orchestrator.Testing.Anthropic;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Claude;

/// <summary>Claude:MaxProcesses bounds the claude processes: the least recently used idle one makes room; busy ones refuse.</summary>
public sealed class ClaudeProcessLimitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_new_session_over_the_limit_stops_the_idle_one_which_resumes_on_its_next_turn()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var engine = harness.CreateEngine(o => o.MaxProcesses = 1);
        harness.Server.Enqueue(FakeAnthropicResponse.Text("first answer"), FakeAnthropicResponse.Text("second answer"));
        var first = (ClaudeSession)await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        var turn = TurnEvents.Watch(await first.StartTurnAsync([new TextInput("remember lantern")]));
        Assert.Equal(TurnOutcome.Completed, (await turn.EndAsync()).Outcome);
        using var firstProcess = Process.GetProcessById(first.ProcessId!.Value);

        var second = (ClaudeSession)await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);

        await firstProcess.WaitForExitAsync().WaitAsync(ClaudeHarness.Timeout);
        Assert.Null(first.ProcessId);
        Assert.NotNull(second.ProcessId);
        Assert.Equal(1, engine.RunningProcesses);

        // The stopped session comes back with --resume (its conversation intact) and the now idle second one makes room.
        var again = TurnEvents.Watch(await first.StartTurnAsync([new TextInput("what was the word?")]));
        var ended = await again.EndAsync();
        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("second answer", ended.FinalText);
        Assert.Contains("remember lantern", harness.Server.Requests[^1].Texts);
        Assert.Null(second.ProcessId);
        Assert.Equal(1, engine.RunningProcesses);
    }

    [Fact]
    public async Task When_every_process_is_busy_a_new_session_is_refused_with_a_clear_message_until_one_finishes()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var engine = harness.CreateEngine(o => o.MaxProcesses = 1);
        var slow = FakeAnthropicResponse.Text("part one ", "part two");
        var gate = slow.HoldBefore(1);
        harness.Server.Enqueue(slow, FakeAnthropicResponse.Text("second session answer"));
        var busy = (ClaudeSession)await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        var running = TurnEvents.Watch(await busy.StartTurnAsync([new TextInput("long job")]));
        await gate.Reached.WaitAsync(ClaudeHarness.Timeout);

        var refused = await Assert.ThrowsAsync<ClaudeBusyException>(() => engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout));
        Assert.Equal("1 Claude sessions are busy; try again when one finishes.", refused.Message);
        Assert.NotNull(busy.ProcessId);

        gate.Release();
        Assert.Equal(TurnOutcome.Completed, (await running.EndAsync()).Outcome);
        var next = (ClaudeSession)await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        var turn = TurnEvents.Watch(await next.StartTurnAsync([new TextInput("hello")]));
        Assert.Equal("second session answer", (await turn.EndAsync()).FinalText);
        Assert.Equal(1, engine.RunningProcesses);
    }
}
