using Orchestrator.Testing.OpenAi;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Codex;

[Trait("Category", "Integration")]
public sealed class CodexApprovalTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Approved_escalated_command_runs()
    {
        await using var h = await CodexHarness.StartAsync(output);
        var (turn, request, seen, events) = await StartTouchTurnAsync(h);

        Assert.Equal(ApprovalKind.Command, request.Kind);
        Assert.Contains("touch done.txt", request.Command, StringComparison.Ordinal);
        Assert.Equal("The test needs it.", request.Reason);
        Assert.Equal(h.Workspace, request.Cwd);
        Assert.False(File.Exists(Path.Combine(h.Workspace, "done.txt")), "Nothing runs before the approval.");

        await turn.RespondToApprovalAsync(request.Id, ApprovalDecision.Approve);
        var ended = await turn.Completion.WaitAsync(CodexHarness.Timeout);
        seen.AddRange(await ReadRestAsync(events));
        seen.ForEach(e => output.WriteLine(e.ToString()));

        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.True(File.Exists(Path.Combine(h.Workspace, "done.txt")));
        Assert.Contains(seen.OfType<ApprovalResolved>(), r => r.ApprovalId == request.Id);
        Assert.Contains(seen.OfType<ItemCompleted>(), e => e.Item.Kind == AgentItemKind.CommandExecution && e.Item.ExitCode == 0);
        Assert.Equal("Command finished.", ended.FinalText);
    }

    [Fact]
    public async Task Denied_command_does_not_run_and_the_turn_still_completes()
    {
        await using var h = await CodexHarness.StartAsync(output);
        var (turn, request, seen, events) = await StartTouchTurnAsync(h);

        await turn.RespondToApprovalAsync(request.Id, ApprovalDecision.Deny);
        var ended = await turn.Completion.WaitAsync(CodexHarness.Timeout);
        seen.AddRange(await ReadRestAsync(events));

        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.False(File.Exists(Path.Combine(h.Workspace, "done.txt")));
        Assert.Contains(seen.OfType<ItemCompleted>(), e => e.Item.Kind == AgentItemKind.CommandExecution && e.Item.Status == AgentItemStatus.Declined);
        var followUp = await h.Model.WaitForRequestAsync(1).WaitAsync(CodexHarness.Timeout);
        Assert.Contains("call_0", followUp.FunctionCallOutputs.Keys);
    }

    [Fact]
    public async Task Interrupt_with_a_pending_approval_resolves_it_and_ignores_a_late_answer()
    {
        await using var h = await CodexHarness.StartAsync(output);
        var (turn, request, seen, events) = await StartTouchTurnAsync(h);

        await turn.InterruptAsync().WaitAsync(CodexHarness.Timeout);
        var ended = await turn.Completion.WaitAsync(CodexHarness.Timeout);
        seen.AddRange(await ReadRestAsync(events));
        await turn.RespondToApprovalAsync(request.Id, ApprovalDecision.Approve); // late: ignored

        Assert.Equal(TurnOutcome.Interrupted, ended.Outcome);
        Assert.Contains(seen.OfType<ApprovalResolved>(), r => r.ApprovalId == request.Id);
        Assert.False(File.Exists(Path.Combine(h.Workspace, "done.txt")));
    }

    private static async Task<(IAgentTurn Turn, ApprovalRequest Request, List<AgentEvent> Seen, IAsyncEnumerator<AgentEvent> Events)> StartTouchTurnAsync(CodexHarness h)
    {
        h.Model.Enqueue(FakeResponse.ExecCommand("touch done.txt", h.Workspace));
        h.Model.DefaultResponse = FakeResponse.Text("Command finished.");
        var engine = h.CreateEngine();
        var session = await engine.StartSessionAsync(h.SessionOptions("on-request")).WaitAsync(CodexHarness.Timeout);
        var turn = await session.StartTurnAsync([new TextInput("create done.txt")]).WaitAsync(CodexHarness.Timeout);
        var seen = new List<AgentEvent>();
        var events = turn.Events.GetAsyncEnumerator();
        var requested = await events.WaitForAsync<ApprovalRequested>(seen, CodexHarness.Timeout);
        return (turn, requested.Request, seen, events);
    }

    private static async Task<List<AgentEvent>> ReadRestAsync(IAsyncEnumerator<AgentEvent> events)
    {
        var rest = new List<AgentEvent>();
        using var cts = new CancellationTokenSource(CodexHarness.Timeout);
        while (await events.MoveNextAsync().AsTask().WaitAsync(cts.Token))
        {
            rest.Add(events.Current);
        }

        await events.DisposeAsync();
        return rest;
    }
}
