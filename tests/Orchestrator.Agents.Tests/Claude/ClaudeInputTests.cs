using Orchestrator.Testing.Anthropic;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Claude;

public sealed class ClaudeInputTests(ITestOutputHelper output)
{
    // An 8x8 PNG (the one of the reference transcript).
    private const string PngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHbQSACj/P8Fu7N9hAAAAAElFTkSuQmCC";

    [Fact]
    public async Task An_image_reaches_the_model_as_a_base64_block_with_the_file_bytes()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var engine = harness.CreateEngine();
        var bytes = Convert.FromBase64String(PngBase64);
        var image = Path.Combine(harness.WorkDir, "photo.bin");
        await File.WriteAllBytesAsync(image, bytes);
        var session = await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);

        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("describe this"), new ImageInput(image)]));
        Assert.Equal(TurnOutcome.Completed, (await turn.EndAsync()).Outcome);

        var block = Assert.Single(harness.Server.Requests[0].Blocks("image"));
        Assert.Equal("base64", (string?)block["source"]!["type"]);
        Assert.Equal("image/png", (string?)block["source"]!["media_type"]);
        Assert.Equal(bytes, Convert.FromBase64String((string)block["source"]!["data"]!));
        Assert.Contains("describe this", harness.Server.Requests[0].Texts);
    }

    [Fact]
    public async Task A_file_that_is_no_image_is_refused_before_anything_is_sent()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var engine = harness.CreateEngine();
        var notImage = Path.Combine(harness.WorkDir, "notes.txt");
        await File.WriteAllTextAsync(notImage, "just text");
        var session = await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => session.StartTurnAsync([new ImageInput(notImage)]));
        Assert.Contains("notes.txt", error.Message, StringComparison.Ordinal);

        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("still fine?")]));
        Assert.Equal(TurnOutcome.Completed, (await turn.EndAsync()).Outcome);
        Assert.Single(harness.Server.Requests);
    }

    [Fact]
    public async Task A_steered_message_is_answered_within_the_same_turn()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var engine = harness.CreateEngine();
        var slow = FakeAnthropicResponse.Text("first ", "answer.");
        var gate = slow.HoldBefore(1);
        harness.Server.Enqueue(slow, FakeAnthropicResponse.Text("steered ", "answer."));
        var session = await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("start")]));
        await gate.Reached.WaitAsync(ClaudeHarness.Timeout);

        await turn.Turn.SteerAsync([new TextInput("and also this")]);
        gate.Release();
        var ended = await turn.EndAsync();

        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("first answer.steered answer.", turn.Text);
        Assert.Equal("steered answer.", ended.FinalText);
        Assert.Single(turn.All.OfType<TurnEnded>());
        Assert.Contains("and also this", harness.Server.Requests[^1].Texts);
        await Assert.ThrowsAsync<InvalidOperationException>(() => turn.Turn.SteerAsync([new TextInput("too late")]));
    }

    [Fact]
    public async Task An_api_error_fails_the_turn_with_the_reason_and_the_session_stays_usable()
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var engine = harness.CreateEngine();
        // Claude Code re-sends a refused request a few times with fewer features before giving up: refuse them all.
        harness.Server.DefaultResponse = FakeAnthropicResponse.Error(400, "fake bad request");
        var session = await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);

        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("fail please")]));
        var ended = await turn.EndAsync();
        Assert.Equal(TurnOutcome.Failed, ended.Outcome);
        Assert.Contains("fake bad request", ended.Error, StringComparison.Ordinal);

        harness.Server.DefaultResponse = FakeAnthropicResponse.Text("Recovered.");
        var next = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("again")]));
        Assert.Equal("Recovered.", (await next.EndAsync()).FinalText);
    }
}
