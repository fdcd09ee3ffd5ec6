using System.Diagnostics;
using Orchestrator.Agents.Codex;
using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;
using Xunit.Abstractions;

namespace Orchestrator.Bot.Tests.Sessions;

/// <summary>The chat keeps its Codex thread across bot restarts and app-server deaths; no running turn is dropped silently.</summary>
public sealed class RestartAndCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_a_restart_the_chat_continues_the_same_thread()
    {
        await using var codex = await CodexBot.StartAsync();
        codex.Model.Enqueue(FakeResponse.Text("Noted: the password is swordfish."));
        var first = codex.Say("remember the word swordfish");
        await codex.ReplyToAsync(first, m => m.Text.Contains("swordfish", StringComparison.Ordinal) && m.Buttons.Count == 0);

        await codex.Bot.RestartAsync();
        codex.Model.Enqueue(FakeResponse.Text("It was swordfish."));
        var second = codex.Say("what was the word?");

        await codex.ReplyToAsync(second, m => m.Text == "It was swordfish.");
        var request = codex.Model.Requests[^1];
        Assert.True(request.HasUserText("remember the word swordfish"), "the resumed thread must carry the earlier messages");
        Assert.True(request.HasUserText("what was the word?"));
    }

    [Fact]
    public async Task When_app_server_dies_mid_turn_the_user_is_told_promptly_and_the_next_message_continues_the_thread()
    {
        await using var codex = await CodexBot.StartAsync();
        var never = new TaskCompletionSource();
        codex.Model.Enqueue(FakeResponse.Streamed("Half an answer. ", "never").WithGateBefore(1, never.Task));
        var asked = codex.Say("first question");
        await codex.ReplyToAsync(asked, m => m.Text.Contains("Half an answer.", StringComparison.Ordinal));

        var engine = (CodexEngine)codex.Bot.Service<EngineRegistry>().Get("codex");
        using var appServer = Process.GetProcessById(engine.AppServerProcessId!.Value);
        var killedAt = DateTimeOffset.UtcNow;
        appServer.Kill(entireProcessTree: true);

        var failed = await codex.ReplyToAsync(asked, m => m.Text.Contains("Failed", StringComparison.Ordinal) && m.Buttons.Count == 0, "the failure notice");
        Assert.StartsWith("Half an answer.", failed.Text, StringComparison.Ordinal);
        // The fake logs a call just after applying it, so the message can change before its request is listed: wait for it.
        var notified = (await codex.Telegram.WaitForAsync(
            t => t.Requests.FirstOrDefault(r => r.Method == "editMessageText" && r.Body.Contains("Failed", StringComparison.Ordinal)),
            CodexBot.Timeout, "the failure edit's request")).Time;
        Assert.True(notified - killedAt < TimeSpan.FromSeconds(5), $"told after {(notified - killedAt).TotalSeconds:0.0} s");
        output.WriteLine($"app-server killed → the user told (Failed edit accepted): {(notified - killedAt).TotalMilliseconds:0} ms");

        codex.Model.Enqueue(FakeResponse.Text("Back again."));
        var next = codex.Say("second question");
        await codex.ReplyToAsync(next, m => m.Text == "Back again.");
        Assert.True(codex.Model.Requests[^1].HasUserText("first question"), "same thread after the app-server restart");
    }

    [Fact]
    public async Task Shutdown_stops_running_turns_records_them_and_ends_the_app_server()
    {
        await using var codex = await CodexBot.StartAsync();
        var never = new TaskCompletionSource();
        codex.Model.Enqueue(FakeResponse.Streamed("Partial. ", "never").WithGateBefore(1, never.Task));
        var asked = codex.Say("work");
        await codex.ReplyToAsync(asked, m => m.Text.Contains("Partial.", StringComparison.Ordinal));
        var engine = (CodexEngine)codex.Bot.Service<EngineRegistry>().Get("codex");
        using var appServer = Process.GetProcessById(engine.AppServerProcessId!.Value);
        var turns = codex.Bot.Service<TurnStore>();
        var agentId = await StreamingTests.AgentIdAsync(codex);

        var stopping = Stopwatch.StartNew();
        await codex.Bot.StopAsync();
        stopping.Stop();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"shutdown took {stopping.Elapsed.TotalSeconds:0.0} s");
        Assert.True(appServer.WaitForExit(TimeSpan.FromSeconds(5)), "app-server must be ended");
        var message = codex.Telegram.BotMessages(codex.Chat).Single(m => m.ReplyToMessageId == asked);
        Assert.Contains("shutting down", message.Text, StringComparison.Ordinal);
        Assert.Empty(message.Buttons);
        Assert.Equal(TurnStatus.Interrupted, Assert.Single(await turns.ListByAgentAsync(agentId, 10)).Status);
    }
}
