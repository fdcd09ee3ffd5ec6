using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Agents.Codex;
using Orchestrator.Agents.JsonRpc;

namespace Orchestrator.Agents.Tests.Codex;

/// <summary>The event mapping of one turn, fed with notification lines shaped like the recorded app-server transcripts.</summary>
public sealed class CodexTurnTests : IAsyncLifetime
{
    private const string Thread = InMemoryCodexTurn.Thread;
    private const string TurnId = InMemoryCodexTurn.TurnId;
    private static readonly TimeSpan Timeout = InMemoryCodexTurn.Timeout;
    private readonly InMemoryCodexTurn _codex = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _codex.DisposeAsync();

    [Fact]
    public async Task File_change_approval_carries_the_diff_of_the_started_item()
    {
        Feed("item/started", $$$$"""{"item":{"type":"fileChange","id":"call_6","changes":[{"path":"/ws/patched.txt","kind":{"type":"add"},"diff":"hello from patch\n"}],"status":"inProgress"},"threadId":"{{{{Thread}}}}","turnId":"{{{{TurnId}}}}"}""");

        var decision = _codex.Turn.HandleApprovalAsync(new CodexApprovalRequest("2", ApprovalKind.FileChange, Thread, TurnId, "call_6", null, null, null), CancellationToken.None);
        var events = await TakeAsync(2);

        var started = Assert.IsType<ItemStarted>(events[0]);
        Assert.Equal(AgentItemKind.FileChange, started.Item.Kind);
        var request = Assert.IsType<ApprovalRequested>(events[1]).Request;
        Assert.Equal("2", request.Id);
        Assert.Equal(ApprovalKind.FileChange, request.Kind);
        var change = Assert.Single(request.Changes!);
        Assert.Equal(new FileChange("/ws/patched.txt", "add", "hello from patch\n"), change);

        await _codex.Turn.RespondToApprovalAsync("2", ApprovalDecision.ApproveForSession);
        Assert.Equal("acceptForSession", await decision.WaitAsync(Timeout));
    }

    [Fact]
    public async Task The_turn_ends_with_its_last_turn_diff_and_ignores_another_turns()
    {
        Feed("turn/diff/updated", $$$$"""{"threadId":"{{{{Thread}}}}","turnId":"{{{{TurnId}}}}","diff":"diff --git a/a.txt b/a.txt\n+first\n"}""");
        Feed("turn/diff/updated", $$$$"""{"threadId":"{{{{Thread}}}}","turnId":"{{{{TurnId}}}}","diff":"diff --git a/a.txt b/a.txt\n+first\n+second\n"}""");
        Feed("turn/diff/updated", $$$$"""{"threadId":"{{{{Thread}}}}","turnId":"other-turn","diff":"diff --git a/z.txt b/z.txt\n"}""");
        Feed("turn/completed", $$$$"""{"threadId":"{{{{Thread}}}}","turn":{"id":"{{{{TurnId}}}}","items":[],"status":"completed","error":null}}""");

        var ended = await _codex.Turn.Completion.WaitAsync(Timeout);

        Assert.Equal("diff --git a/a.txt b/a.txt\n+first\n+second\n", ended.Diff);
    }

    [Theory]
    [InlineData(ApprovalDecision.Approve, "accept")]
    [InlineData(ApprovalDecision.ApproveForSession, "acceptForSession")]
    [InlineData(ApprovalDecision.Deny, "decline")]
    [InlineData(ApprovalDecision.Cancel, "cancel")]
    public async Task Decisions_map_to_the_codex_wire_values(ApprovalDecision decision, string wire)
    {
        var answer = _codex.Turn.HandleApprovalAsync(CommandRequest("0"), CancellationToken.None);

        await _codex.Turn.RespondToApprovalAsync("0", decision);

        Assert.Equal(wire, await answer.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Ending_the_turn_resolves_pending_approvals_before_TurnEnded_and_ignores_late_answers()
    {
        var answer = _codex.Turn.HandleApprovalAsync(CommandRequest("0"), CancellationToken.None);
        Feed("turn/completed", $$$$"""{"threadId":"{{{{Thread}}}}","turn":{"id":"{{{{TurnId}}}}","items":[],"status":"interrupted","error":null}}""");
        Feed("serverRequest/resolved", $$$$"""{"threadId":"{{{{Thread}}}}","requestId":0}""");
        await _codex.Turn.RespondToApprovalAsync("0", ApprovalDecision.Approve);

        var events = await ReadAllAsync();

        Assert.Equal("cancel", await answer.WaitAsync(Timeout));
        Assert.Collection(
            events,
            e => Assert.IsType<ApprovalRequested>(e),
            e => Assert.Equal("0", Assert.IsType<ApprovalResolved>(e).ApprovalId),
            e => Assert.Equal(TurnOutcome.Interrupted, Assert.IsType<TurnEnded>(e).Outcome));
    }

    [Fact]
    public async Task Interrupted_half_streamed_message_is_finalized_from_its_deltas()
    {
        Feed("item/started", $$$$"""{"item":{"type":"agentMessage","id":"msg_15","text":"","phase":null},"threadId":"{{{{Thread}}}}","turnId":"{{{{TurnId}}}}"}""");
        Feed("item/agentMessage/delta", $$$$"""{"threadId":"{{{{Thread}}}}","turnId":"{{{{TurnId}}}}","itemId":"msg_15","delta":"tick0 "}""");
        Feed("item/agentMessage/delta", $$$$"""{"threadId":"{{{{Thread}}}}","turnId":"other-turn","itemId":"msg_99","delta":"not mine"}""");
        Feed("item/agentMessage/delta", $$$$"""{"threadId":"{{{{Thread}}}}","turnId":"{{{{TurnId}}}}","itemId":"msg_15","delta":"tick1 "}""");
        Feed("turn/completed", $$$$"""{"threadId":"{{{{Thread}}}}","turn":{"id":"{{{{TurnId}}}}","items":[],"status":"interrupted","error":null}}""");

        var events = await ReadAllAsync();

        Assert.Equal(["tick0 ", "tick1 "], events.OfType<TextDelta>().Select(d => d.Delta));
        var completed = Assert.Single(events.OfType<ItemCompleted>());
        Assert.Equal("tick0 tick1 ", completed.Item.Text);
        var ended = Assert.IsType<TurnEnded>(events[^1]);
        Assert.Equal(TurnOutcome.Interrupted, ended.Outcome);
        Assert.Equal("tick0 tick1 ", ended.FinalText);
    }

    [Fact]
    public async Task Retried_errors_are_warnings_and_a_final_error_explains_the_failure()
    {
        Feed("error", $$$$"""{"error":{"message":"reconnecting 1/5","codexErrorInfo":"other"},"willRetry":true,"threadId":"{{{{Thread}}}}","turnId":"{{{{TurnId}}}}"}""");
        Feed("error", $$$$"""{"error":{"message":"stream disconnected before completion","codexErrorInfo":"other"},"willRetry":false,"threadId":"{{{{Thread}}}}","turnId":"{{{{TurnId}}}}"}""");
        Feed("thread/tokenUsage/updated", $$$$"""{"threadId":"{{{{Thread}}}}","turnId":"{{{{TurnId}}}}","tokenUsage":{"total":{"totalTokens":15,"inputTokens":10,"cachedInputTokens":0,"outputTokens":5,"reasoningOutputTokens":0},"last":{"totalTokens":15,"inputTokens":10,"cachedInputTokens":0,"outputTokens":5,"reasoningOutputTokens":0}}}""");
        Feed("turn/completed", $$$$"""{"threadId":"{{{{Thread}}}}","turn":{"id":"{{{{TurnId}}}}","items":[],"status":"failed","error":null}}""");

        var events = await ReadAllAsync();

        Assert.Equal("reconnecting 1/5", Assert.IsType<EngineWarning>(events[0]).Message);
        Assert.Equal(new TokenUsage(10, 5, 15), Assert.IsType<TokenUsageUpdated>(events[1]).Usage);
        var ended = Assert.IsType<TurnEnded>(events[2]);
        Assert.Equal(TurnOutcome.Failed, ended.Outcome);
        Assert.Equal("stream disconnected before completion", ended.Error);
        Assert.Equal(new TokenUsage(10, 5, 15), ended.Usage);
    }

    [Fact]
    public async Task Command_items_map_command_cwd_exit_code_and_status()
    {
        Feed("item/completed", $$$$"""{"item":{"type":"commandExecution","id":"call_2","command":"/bin/bash -lc 'touch a1.txt'","cwd":"/ws","processId":"55676","status":"completed","aggregatedOutput":"","exitCode":0,"durationMs":0},"threadId":"{{{{Thread}}}}","turnId":"{{{{TurnId}}}}"}""");
        Feed("item/completed", $$$$"""{"item":{"type":"commandExecution","id":"call_4","command":"rm -rf x","cwd":"/ws","status":"declined","exitCode":null},"threadId":"{{{{Thread}}}}","turnId":"{{{{TurnId}}}}"}""");
        _codex.Turn.End(TurnOutcome.Completed, null);

        var items = (await ReadAllAsync()).OfType<ItemCompleted>().Select(e => e.Item).ToList();

        Assert.Equal(new AgentItem("call_2", AgentItemKind.CommandExecution, AgentItemStatus.Completed, Command: "/bin/bash -lc 'touch a1.txt'", Cwd: "/ws", ExitCode: 0), items[0]);
        Assert.Equal(AgentItemStatus.Declined, items[1].Status);
    }

    [Fact]
    public async Task Unsupported_server_requests_are_answered_with_an_error()
    {
        Assert.Equal("initialized", await _codex.InitializeAsync());

        await _codex.Server.Writer.WriteLineAsync("""{"method":"item/tool/requestUserInput","id":5,"params":{"threadId":"t"}}""");
        var answer = JsonNode.Parse((await _codex.Server.Reader.ReadLineAsync().AsTask().WaitAsync(Timeout))!)!;

        Assert.Equal(5, (int?)answer["id"]);
        Assert.Equal(JsonRpcErrorCode.MethodNotFound, (int?)answer["error"]!["code"]);
    }

    private static CodexApprovalRequest CommandRequest(string id) =>
        new(id, ApprovalKind.Command, Thread, TurnId, "call_1", "needs escalation", "touch done.txt", "/ws");

    private void Feed(string method, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var typed = CodexNotificationParser.Parse(new JsonRpcNotification(method, doc.RootElement.Clone()));
        Assert.NotNull(typed);
        _codex.Turn.OnNotification(method, typed);
    }

    private async Task<List<AgentEvent>> TakeAsync(int count)
    {
        var events = new List<AgentEvent>();
        await using var e = _codex.Turn.Events.GetAsyncEnumerator();
        while (events.Count < count && await e.MoveNextAsync().AsTask().WaitAsync(Timeout))
        {
            events.Add(e.Current);
        }

        return events;
    }

    private Task<List<AgentEvent>> ReadAllAsync() => _codex.Turn.ReadAllAsync(Timeout);
}
