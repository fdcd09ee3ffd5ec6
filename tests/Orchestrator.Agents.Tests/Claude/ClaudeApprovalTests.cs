using Orchestrator.Testing.Anthropic;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Claude;

public sealed class ClaudeApprovalTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_approved_command_runs_and_the_turn_completes()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var engine = harness.CreateEngine();
        harness.Server.Enqueue(FakeAnthropicResponse.Bash("touch done.txt", "Create the marker file"), FakeAnthropicResponse.Text("Created."));
        var session = await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("make the file")]));

        var asked = await turn.WaitForAsync<ApprovalRequested>();
        Assert.Equal(ApprovalKind.Command, asked.Request.Kind);
        Assert.Equal("touch done.txt", asked.Request.Command);
        Assert.Equal("Create the marker file", asked.Request.Reason);
        Assert.False(File.Exists(Path.Combine(harness.WorkDir, "done.txt")));
        await turn.Turn.RespondToApprovalAsync(asked.Request.Id, ApprovalDecision.Approve);
        var ended = await turn.EndAsync();

        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("Created.", ended.FinalText);
        Assert.True(File.Exists(Path.Combine(harness.WorkDir, "done.txt")));
        Assert.Contains(turn.All, e => e is ApprovalResolved r && r.ApprovalId == asked.Request.Id);
        var started = Assert.Single(turn.All.OfType<ItemStarted>(), i => i.Item.Kind == AgentItemKind.CommandExecution);
        Assert.Equal("touch done.txt", started.Item.Command);
        var completed = Assert.Single(turn.All.OfType<ItemCompleted>(), i => i.Item.Kind == AgentItemKind.CommandExecution);
        Assert.Equal(AgentItemStatus.Completed, completed.Item.Status);
        Assert.Equal(started.Item.Id, completed.Item.Id);
        var toolResult = Assert.Single(harness.Server.Requests[^1].Blocks("tool_result"));
        Assert.NotEqual(true, (bool?)toolResult["is_error"]);
    }

    [Fact]
    public async Task A_denied_command_does_not_run_the_model_is_told_and_the_turn_completes()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var engine = harness.CreateEngine();
        harness.Server.Enqueue(FakeAnthropicResponse.Bash("touch done.txt"), FakeAnthropicResponse.Text("Okay, I did not."));
        var session = await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("make the file")]));

        var asked = await turn.WaitForAsync<ApprovalRequested>();
        await turn.Turn.RespondToApprovalAsync(asked.Request.Id, ApprovalDecision.Deny);
        var ended = await turn.EndAsync();

        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("Okay, I did not.", ended.FinalText);
        Assert.False(File.Exists(Path.Combine(harness.WorkDir, "done.txt")));
        var completed = Assert.Single(turn.All.OfType<ItemCompleted>(), i => i.Item.Kind == AgentItemKind.CommandExecution);
        Assert.Equal(AgentItemStatus.Declined, completed.Item.Status);
        var toolResult = Assert.Single(harness.Server.Requests[^1].Blocks("tool_result"));
        Assert.True((bool?)toolResult["is_error"]);
        Assert.Contains("Denied from Telegram", toolResult["content"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_for_session_runs_the_command_and_does_not_ask_again_for_the_same_command()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var engine = harness.CreateEngine();
        harness.Server.Enqueue(
            FakeAnthropicResponse.Bash("touch again.txt"), FakeAnthropicResponse.Text("Once."),
            FakeAnthropicResponse.Bash("touch again.txt"), FakeAnthropicResponse.Text("Twice."));
        var session = await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        var first = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("make it")]));
        var asked = await first.WaitForAsync<ApprovalRequested>();
        await first.Turn.RespondToApprovalAsync(asked.Request.Id, ApprovalDecision.ApproveForSession);
        Assert.Equal(TurnOutcome.Completed, (await first.EndAsync()).Outcome);
        File.Delete(Path.Combine(harness.WorkDir, "again.txt"));

        var second = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("make it again")]));
        var ended = await second.EndAsync();

        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("Twice.", ended.FinalText);
        Assert.DoesNotContain(second.All, e => e is ApprovalRequested);
        Assert.True(File.Exists(Path.Combine(harness.WorkDir, "again.txt")));
    }

    [Fact]
    public async Task Cancelling_an_approval_refuses_the_command_and_ends_the_turn_interrupted()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var engine = harness.CreateEngine();
        harness.Server.Enqueue(FakeAnthropicResponse.Bash("touch cancelled.txt"));
        harness.Server.DefaultResponse = FakeAnthropicResponse.Text("Should not be needed.");
        var session = await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("make the file")]));

        var asked = await turn.WaitForAsync<ApprovalRequested>();
        await turn.Turn.RespondToApprovalAsync(asked.Request.Id, ApprovalDecision.Cancel).WaitAsync(ClaudeHarness.Timeout);
        var ended = await turn.EndAsync();

        Assert.Equal(TurnOutcome.Interrupted, ended.Outcome);
        Assert.False(File.Exists(Path.Combine(harness.WorkDir, "cancelled.txt")));
        Assert.Single(harness.Server.Requests);
        await turn.Turn.RespondToApprovalAsync(asked.Request.Id, ApprovalDecision.Approve); // Late: ignored.

        var next = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("hello")]));
        Assert.Equal(TurnOutcome.Completed, (await next.EndAsync()).Outcome);
    }

    [Fact]
    public async Task A_file_write_asks_as_a_file_change_with_path_and_diff_and_writes_once_approved()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var engine = harness.CreateEngine();
        var target = Path.Combine(harness.WorkDir, "notes.md");
        harness.Server.Enqueue(
            FakeAnthropicResponse.ToolUse("Write", new Dictionary<string, object?> { ["file_path"] = target, ["content"] = "hello\nworld" }),
            FakeAnthropicResponse.Text("Written."));
        var session = await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("write the notes")]));

        var asked = await turn.WaitForAsync<ApprovalRequested>();
        Assert.Equal(ApprovalKind.FileChange, asked.Request.Kind);
        Assert.Equal("Write", asked.Request.ToolName);
        var change = Assert.Single(asked.Request.Changes!);
        Assert.Equal(target, change.Path);
        Assert.Equal("add", change.Kind);
        Assert.Equal("+hello\n+world\n", change.Diff);
        await turn.Turn.RespondToApprovalAsync(asked.Request.Id, ApprovalDecision.Approve);
        var ended = await turn.EndAsync();

        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("hello\nworld", await File.ReadAllTextAsync(target));
        var item = Assert.Single(turn.All.OfType<ItemCompleted>(), i => i.Item.Kind == AgentItemKind.FileChange);
        Assert.Equal(AgentItemStatus.Completed, item.Item.Status);
    }
}
