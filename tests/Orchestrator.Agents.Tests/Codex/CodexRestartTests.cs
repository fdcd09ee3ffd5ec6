using System.Diagnostics;
using Orchestrator.Testing.OpenAi;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Codex;

[Trait("Category", "Integration")]
public sealed class CodexRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_new_engine_resumes_the_thread_with_its_history()
    {
        await using var h = await CodexHarness.StartAsync(output);
        string threadId;
        var first = h.CreateEngine();
        await using (first)
        {
            var session = await first.StartSessionAsync(h.SessionOptions()).WaitAsync(CodexHarness.Timeout);
            threadId = session.SessionId;
            var turn = await session.StartTurnAsync([new TextInput("remember the word pelican-77")]).WaitAsync(CodexHarness.Timeout);
            Assert.Equal(TurnOutcome.Completed, (await turn.Completion.WaitAsync(CodexHarness.Timeout)).Outcome);
        }

        var second = h.CreateEngine();
        var resumed = await second.ResumeSessionAsync(threadId, h.SessionOptions()).WaitAsync(CodexHarness.Timeout);
        var next = await resumed.StartTurnAsync([new TextInput("which word?")]).WaitAsync(CodexHarness.Timeout);
        var ended = await next.Completion.WaitAsync(CodexHarness.Timeout);

        Assert.Equal(threadId, resumed.SessionId);
        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        var request = h.Model.Requests[^1];
        Assert.True(request.HasUserText("pelican-77"), "The resumed thread's request should carry the earlier user message.");
        Assert.True(request.HasUserText("which word?"));
    }

    [Theory]
    [InlineData("01a2006c-0000-7000-8000-000000000000")]
    [InlineData("not-a-thread-id")]
    public async Task Resuming_an_unknown_thread_throws_session_not_found(string threadId)
    {
        await using var h = await CodexHarness.StartAsync(output);
        var engine = h.CreateEngine();

        var ex = await Assert.ThrowsAsync<AgentSessionNotFoundException>(
            () => engine.ResumeSessionAsync(threadId, h.SessionOptions()).WaitAsync(CodexHarness.Timeout));

        Assert.Equal(threadId, ex.SessionId);
    }

    [Fact]
    public async Task Killed_app_server_fails_the_running_turn_quickly_and_the_next_turn_works()
    {
        await using var h = await CodexHarness.StartAsync(output);
        var never = new TaskCompletionSource();
        h.Model.Enqueue(FakeResponse.Streamed("before ", "the crash").WithGateBefore(1, never.Task));
        var engine = h.CreateEngine();
        var session = await engine.StartSessionAsync(h.SessionOptions()).WaitAsync(CodexHarness.Timeout);
        var turn = await session.StartTurnAsync([new TextInput("first question")]).WaitAsync(CodexHarness.Timeout);
        await using (var events = turn.Events.GetAsyncEnumerator())
        {
            await events.WaitForAsync<TextDelta>([], CodexHarness.Timeout);
        }

        var pid = engine.AppServerProcessId;
        Assert.NotNull(pid);
        using (var process = Process.GetProcessById(pid.Value))
        {
            process.Kill(entireProcessTree: true);
        }

        var ended = await turn.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(TurnOutcome.Failed, ended.Outcome);
        Assert.Contains("exited unexpectedly", ended.Error, StringComparison.Ordinal);
        Assert.Equal("before ", ended.FinalText);

        var next = await session.StartTurnAsync([new TextInput("second question")]).WaitAsync(CodexHarness.Timeout);
        var nextEnded = await next.Completion.WaitAsync(CodexHarness.Timeout);
        Assert.Equal(TurnOutcome.Completed, nextEnded.Outcome);
        Assert.Equal("Hello from the fake model.", nextEnded.FinalText);
        Assert.NotEqual(pid, engine.AppServerProcessId);
        Assert.Equal(2, engine.Generation);
        Assert.True(h.Model.Requests[^1].HasUserText("first question"), "The resumed thread keeps its history.");
    }

    [Fact]
    public async Task Disposing_the_engine_ends_a_running_turn_and_stops_the_app_server()
    {
        await using var h = await CodexHarness.StartAsync(output);
        var never = new TaskCompletionSource();
        h.Model.Enqueue(FakeResponse.Streamed("x", "y").WithGateBefore(1, never.Task));
        var engine = h.CreateEngine();
        var session = await engine.StartSessionAsync(h.SessionOptions()).WaitAsync(CodexHarness.Timeout);
        var turn = await session.StartTurnAsync([new TextInput("hang")]).WaitAsync(CodexHarness.Timeout);
        await using (var events = turn.Events.GetAsyncEnumerator())
        {
            await events.WaitForAsync<TextDelta>([], CodexHarness.Timeout);
        }

        using var process = Process.GetProcessById(engine.AppServerProcessId!.Value);
        await engine.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(6));

        Assert.Equal(TurnOutcome.Failed, (await turn.Completion.WaitAsync(TimeSpan.FromSeconds(1))).Outcome);
        Assert.True(process.HasExited);
    }
}
