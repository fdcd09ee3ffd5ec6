using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Codex;

/// <summary>
/// <see cref="IAgentThreads"/> on the real app-server: the name, archive and delete of a thread are what Codex's own
/// <c>thread/list</c> then shows.
/// </summary>
public sealed class CodexThreadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_thread_is_named_archived_and_deleted_as_codex_lists_it()
    {
        await using var harness = await CodexHarness.StartAsync(output);
        harness.Model.DefaultResponse = Testing.OpenAi.FakeResponse.Text("Hello.");
        var engine = harness.CreateEngine();
        IAgentThreads threads = engine;
        var session = await engine.StartSessionAsync(harness.SessionOptions()).WaitAsync(CodexHarness.Timeout);
        // Codex keeps a thread (its rollout) once it has a turn.
        var turn = await session.StartTurnAsync([new TextInput("hi")]).WaitAsync(CodexHarness.Timeout);
        Assert.Equal(TurnOutcome.Completed, (await turn.Completion.WaitAsync(CodexHarness.Timeout)).Outcome);
        var id = session.SessionId;

        await threads.RenameThreadAsync(id, "a1b2c3 implement app: add a flag").WaitAsync(CodexHarness.Timeout);
        var listed = await engine.ListThreadsAsync().WaitAsync(CodexHarness.Timeout);
        Assert.Equal("a1b2c3 implement app: add a flag", Assert.Single(listed, t => t.Id == id).Name);

        await session.DisposeAsync();
        await threads.ArchiveThreadAsync(id).WaitAsync(CodexHarness.Timeout);
        Assert.DoesNotContain(await engine.ListThreadsAsync().WaitAsync(CodexHarness.Timeout), t => t.Id == id);
        Assert.Contains(await engine.ListThreadsAsync(archived: true).WaitAsync(CodexHarness.Timeout), t => t.Id == id);

        await threads.DeleteThreadAsync(id).WaitAsync(CodexHarness.Timeout);
        Assert.DoesNotContain(await engine.ListThreadsAsync(archived: true).WaitAsync(CodexHarness.Timeout), t => t.Id == id);
        Assert.DoesNotContain(await engine.ListThreadsAsync().WaitAsync(CodexHarness.Timeout), t => t.Id == id);
        await Assert.ThrowsAsync<AgentSessionNotFoundException>(() => engine.ResumeSessionAsync(id, harness.SessionOptions()).WaitAsync(CodexHarness.Timeout));
    }
}
