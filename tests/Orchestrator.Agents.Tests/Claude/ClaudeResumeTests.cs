using System.Diagnostics;
using Orchestrator.Agents.Claude;
using Orchestrator.Testing.Anthropic;
using Orchestrator.Testing.Clis;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Claude;

public sealed class ClaudeResumeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_session_resumed_in_a_new_engine_sends_the_earlier_messages_to_the_model()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        harness.Server.Enqueue(FakeAnthropicResponse.Text("Remembered ", "fact."), FakeAnthropicResponse.Text("Still ", "here."));
        string sessionId;
        await using (var first = harness.CreateEngine())
        {
            var session = await first.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
            sessionId = session.SessionId;
            var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("remember the fact")]));
            Assert.Equal(TurnOutcome.Completed, (await turn.EndAsync()).Outcome);
        }

        await using var second = harness.CreateEngine();
        var resumed = (ClaudeSession)await second.ResumeSessionAsync(sessionId, harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        Assert.Equal(sessionId, resumed.SessionId);
        Assert.NotNull(resumed.ProcessId);
        var next = TurnEvents.Watch(await resumed.StartTurnAsync([new TextInput("what was it?")]));
        var ended = await next.EndAsync();

        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("Still here.", ended.FinalText);
        var texts = harness.Server.Requests[^1].Texts;
        Assert.Contains("remember the fact", texts);
        Assert.Contains("Remembered fact.", texts);
        Assert.Equal("what was it?", texts[^1]);
    }

    [Fact]
    public async Task Resuming_an_unknown_session_id_throws_AgentSessionNotFoundException()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        await using var engine = harness.CreateEngine();
        var unknown = Guid.NewGuid().ToString();

        var error = await Assert.ThrowsAsync<AgentSessionNotFoundException>(
            () => engine.ResumeSessionAsync(unknown, harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout));
        Assert.Equal(unknown, error.SessionId);
        await Assert.ThrowsAsync<AgentSessionNotFoundException>(
            () => engine.ResumeSessionAsync("not-a-uuid", harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout));
        Assert.Empty(harness.Server.Requests);
    }

    [Fact]
    public async Task An_idle_process_is_stopped_and_the_next_turn_resumes_the_session()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var engine = harness.CreateEngine(o => o.IdleTimeout = TimeSpan.FromMilliseconds(500));
        harness.Server.Enqueue(FakeAnthropicResponse.Text("before idle"), FakeAnthropicResponse.Text("after idle"));
        var session = (ClaudeSession)await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        var first = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("hello")]));
        Assert.Equal(TurnOutcome.Completed, (await first.EndAsync()).Outcome);
        var pid = session.ProcessId!.Value;

        using var process = Process.GetProcessById(pid);
        await process.WaitForExitAsync().WaitAsync(ClaudeHarness.Timeout);

        var second = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("again")]));
        var ended = await second.EndAsync();
        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("after idle", ended.FinalText);
        Assert.NotEqual(pid, session.ProcessId);
        Assert.Contains("before idle", harness.Server.Requests[^1].Texts);
    }

    [Fact]
    public async Task Starting_a_saved_conversation_as_new_falls_back_to_resuming_it()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        harness.Server.Enqueue(FakeAnthropicResponse.Text("Saved answer."), FakeAnthropicResponse.Text("Resumed answer."));
        string sessionId;
        await using (var first = harness.CreateEngine())
        {
            var session = await first.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
            sessionId = session.SessionId;
            var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("save this")]));
            Assert.Equal(TurnOutcome.Completed, (await turn.EndAsync()).Outcome);
        }

        // As after a crash between writing the first message and seeing Claude's init: "--session-id" of a saved conversation.
        var engine = harness.CreateEngine();
        var options = new ClaudeEngineOptions { Command = AgentClis.Claude };
        foreach (var (name, value) in harness.Home.EnvironmentVariables)
        {
            options.EnvironmentVariables[name] = value;
        }

        await using var again = new ClaudeSession(engine, options, sessionId, harness.SessionOptions, exists: false,
            new TestOutputLoggerFactory(output).CreateLogger("test"));
        await again.StartProcessNowAsync(CancellationToken.None).WaitAsync(ClaudeHarness.Timeout);
        var next = TurnEvents.Watch(await again.StartTurnAsync([new TextInput("and now?")]));

        Assert.Equal("Resumed answer.", (await next.EndAsync()).FinalText);
        Assert.Contains("Saved answer.", harness.Server.Requests[^1].Texts);
    }
}
