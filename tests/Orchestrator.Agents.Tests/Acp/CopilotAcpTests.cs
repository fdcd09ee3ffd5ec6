using Orchestrator.Agents.Acp;
using Orchestrator.Agents.Tests.Claude;
using Orchestrator.Testing.Anthropic;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Acp;

/// <summary>The ACP engine driving the REAL Copilot CLI (offline, fake Anthropic provider).</summary>
public sealed class CopilotAcpTests(ITestOutputHelper output) : IAsyncLifetime
{
    private CopilotHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await CopilotHarness.StartAsync(output);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task The_answer_streams_as_text_deltas_and_the_turn_completes_once_with_usage()
    {
        _harness.Server.Enqueue(FakeAnthropicResponse.Text("Hello ", "from ", "Copilot."));
        var engine = _harness.CreateEngine();
        await using var session = await engine.StartSessionAsync(_harness.SessionOptions);

        var events = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("say hello")]));
        var ended = await events.EndAsync();

        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("Hello from Copilot.", events.Text);
        Assert.True(events.All.OfType<TextDelta>().Count() >= 2, "the answer arrives in pieces:\n" + events);
        Assert.Equal("Hello from Copilot.", ended.FinalText);
        Assert.True(ended.Usage is { InputTokens: > 0, OutputTokens: > 0 });
        Assert.Single(events.All.OfType<TurnEnded>());
        Assert.Contains(_harness.Server.Requests[0].Texts, t => t.Contains("say hello", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_agents_model_goes_on_the_command_line_and_reaches_the_provider()
    {
        var engine = _harness.CreateEngine();
        await using var session = await engine.StartSessionAsync(_harness.SessionOptions with { Model = "claude-haiku-4.5" });
        await TurnEvents.Watch(await session.StartTurnAsync([new TextInput("hi")])).EndAsync();
        Assert.Equal("claude-haiku-4.5", (string?)_harness.Server.Requests[0].Body?["model"]);
    }

    [Fact]
    public async Task Interrupt_sends_session_cancel_and_the_turn_ends_interrupted_without_the_rest()
    {
        var streaming = FakeAnthropicResponse.Text("Part one. ", "never sent");
        var gate = streaming.HoldBefore(1);
        _harness.Server.Enqueue(streaming, FakeAnthropicResponse.Text("Ready again."));
        var engine = _harness.CreateEngine();
        await using var session = await engine.StartSessionAsync(_harness.SessionOptions);

        var events = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("long job")]));
        await events.WaitForAsync<TextDelta>();
        await gate.Reached.WaitAsync(CopilotHarness.Timeout);
        await events.Turn.InterruptAsync();
        var ended = await events.EndAsync();

        Assert.Equal(TurnOutcome.Interrupted, ended.Outcome);
        Assert.DoesNotContain("never sent", events.Text, StringComparison.Ordinal);
        gate.Release();

        var next = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("next")]));
        Assert.Equal(TurnOutcome.Completed, (await next.EndAsync()).Outcome);
        Assert.Equal("Ready again.", next.Text);
    }

    [Fact]
    public async Task A_message_sent_during_a_turn_is_queued_and_sent_as_the_next_prompt_of_the_same_turn()
    {
        var streaming = FakeAnthropicResponse.Text("First ", "answer.");
        var gate = streaming.HoldBefore(1);
        _harness.Server.Enqueue(streaming, FakeAnthropicResponse.Text(" Second answer."));
        var engine = _harness.CreateEngine();
        await using var session = await engine.StartSessionAsync(_harness.SessionOptions);

        var events = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("first question")]));
        await gate.Reached.WaitAsync(CopilotHarness.Timeout);
        await events.Turn.SteerAsync([new TextInput("and a follow-up")]);
        gate.Release();

        var ended = await events.EndAsync();
        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("First answer. Second answer.", events.Text);
        Assert.Single(events.All.OfType<TurnEnded>());
        Assert.Equal(2, _harness.Server.Requests.Count);
        Assert.Contains(_harness.Server.Requests[1].Texts, t => t.Contains("and a follow-up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_process_loads_the_stored_session_and_the_model_gets_the_earlier_history()
    {
        _harness.Server.Enqueue(FakeAnthropicResponse.Text("Noted: lantern."), FakeAnthropicResponse.Text("It was lantern."));
        string sessionId;
        var first = _harness.CreateEngine();
        await using (var session = await first.StartSessionAsync(_harness.SessionOptions))
        {
            sessionId = session.SessionId;
            await TurnEvents.Watch(await session.StartTurnAsync([new TextInput("remember the word lantern")])).EndAsync();
        }

        await first.DisposeAsync();
        var second = _harness.CreateEngine();
        await using var resumed = await second.ResumeSessionAsync(sessionId, _harness.SessionOptions);
        var events = TurnEvents.Watch(await resumed.StartTurnAsync([new TextInput("what was the word?")]));

        Assert.Equal(TurnOutcome.Completed, (await events.EndAsync()).Outcome);
        Assert.Equal("It was lantern.", events.Text);
        var texts = _harness.Server.Requests[^1].Texts;
        Assert.Contains(texts, t => t.Contains("remember the word lantern", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("Noted: lantern.", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("what was the word?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resuming_an_unknown_session_says_so()
    {
        var engine = _harness.CreateEngine();
        await Assert.ThrowsAsync<AgentSessionNotFoundException>(() =>
            engine.ResumeSessionAsync("00000000-0000-0000-0000-000000000000", _harness.SessionOptions));
    }

    [Theory]
    [InlineData(ApprovalDecision.Approve, true)]
    [InlineData(ApprovalDecision.Deny, false)]
    public async Task A_shell_command_asks_permission_and_the_decision_is_applied(ApprovalDecision decision, bool runs)
    {
        var target = Path.Combine(_harness.WorkDir, "acp-done.txt");
        _harness.Server.Enqueue(
            FakeAnthropicResponse.ToolUse("bash", new Dictionary<string, object?> { ["command"] = $"touch {target}", ["description"] = "Mark the task done" }),
            FakeAnthropicResponse.Text("Finished."));
        var engine = _harness.CreateEngine();
        await using var session = await engine.StartSessionAsync(_harness.SessionOptions);

        var events = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("mark it done")]));
        var started = await events.WaitForAsync<ItemStarted>(s => s.Item.Kind == AgentItemKind.CommandExecution);
        Assert.Equal($"touch {target}", started.Item.Command);
        var asked = await events.WaitForAsync<ApprovalRequested>();
        Assert.Equal(ApprovalKind.Command, asked.Request.Kind);
        Assert.Equal($"touch {target}", asked.Request.Command);
        await events.Turn.RespondToApprovalAsync(asked.Request.Id, decision);

        var ended = await events.EndAsync();
        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal(runs, File.Exists(target));

        // Approved: the command's result goes back to the model, which answers. Denied: Copilot ends the turn there
        // ("Operation cancelled by user") without asking the model again.
        Assert.Equal(runs, events.Text.Contains("Finished.", StringComparison.Ordinal));
        Assert.Equal(runs ? 2 : 1, _harness.Server.Requests.Count);
        var completed = Assert.Single(events.All.OfType<ItemCompleted>(), c => c.Item.Id == started.Item.Id);
        Assert.Equal(runs ? AgentItemStatus.Completed : AgentItemStatus.Declined, completed.Item.Status);
    }

    [Fact]
    public async Task An_image_reaches_the_model_as_an_image_block()
    {
        var image = Path.Combine(_harness.WorkDir, "red.png");
        await File.WriteAllBytesAsync(image, Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg=="));
        var engine = _harness.CreateEngine();
        await using var session = await engine.StartSessionAsync(_harness.SessionOptions);

        await TurnEvents.Watch(await session.StartTurnAsync([new TextInput("what is this?"), new ImageInput(image)])).EndAsync();

        var block = Assert.Single(_harness.Server.Requests[0].Blocks("image"));
        Assert.Equal("image/png", (string?)block["source"]?["media_type"]);
        Assert.Equal(Convert.ToBase64String(await File.ReadAllBytesAsync(image)), (string?)block["source"]?["data"]);
    }

    [Fact]
    public async Task When_the_process_dies_the_turn_fails_once_and_the_next_turn_loads_the_session_in_a_new_one()
    {
        var streaming = FakeAnthropicResponse.Text("Working ", "never sent");
        var gate = streaming.HoldBefore(1);
        _harness.Server.Enqueue(streaming, FakeAnthropicResponse.Text("Back."));
        var engine = _harness.CreateEngine();
        var session = (AcpSession)await engine.StartSessionAsync(_harness.SessionOptions);
        await using var _ = session;

        var events = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("work")]));
        await gate.Reached.WaitAsync(CopilotHarness.Timeout);
        session.CurrentTurn!.Connection.Kill();
        var ended = await events.EndAsync();
        gate.Release();

        // The messages carry the turns' events and the model requests: this test drives the real CLI, so a failure has
        // to explain itself from the CI log.
        Assert.True(ended.Outcome == TurnOutcome.Failed, $"first turn:\n{events}");
        Assert.Single(events.All.OfType<TurnEnded>());

        var next = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("again")]));
        var nextEnded = await next.EndAsync();
        var requests = string.Join("\n", _harness.Server.Requests.Select(r => $"#{r.Index}: {string.Join(" | ", r.Texts)}"));
        Assert.True(nextEnded.Outcome == TurnOutcome.Completed && next.Text == "Back.", $"next turn:\n{next}\nrequests:\n{requests}");
        Assert.True(_harness.Server.Requests[^1].Texts.Any(t => t.Contains("work", StringComparison.Ordinal)), $"requests:\n{requests}");
    }
}
