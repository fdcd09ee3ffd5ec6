using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.Anthropic;
using Orchestrator.Testing.Clis;

namespace Orchestrator.Bot.Tests.Sessions;

/// <summary>The REAL Claude Code CLI as a chat's engine (Agents:DefaultEngine = claude), against a fake Anthropic server.</summary>
public sealed class ClaudeChatTests : IAsyncLifetime
{
    private FakeAnthropicServer _anthropic = null!;
    private ClaudeHome _home = null!;
    private CodexBot _bot = null!;

    public async Task InitializeAsync()
    {
        _anthropic = await FakeAnthropicServer.StartAsync();
        _home = ClaudeHome.Create(_anthropic.BaseUrl);
        _bot = await CodexBot.StartAsync(s =>
        {
            s["Agents:DefaultEngine"] = "claude";
            s["Claude:Command"] = AgentClis.Claude;
            foreach (var (key, value) in _home.EnvironmentVariables)
            {
                s[$"Claude:Environment:{key}"] = value ?? "";
            }
        });
    }

    [Fact]
    public async Task The_answer_streams_into_one_message_and_a_restart_resumes_the_conversation()
    {
        _anthropic.Enqueue(FakeAnthropicResponse.Text("The word ", "is ", "lantern."));
        var asked = _bot.Say("remember the word lantern");
        var final = await _bot.ReplyToAsync(asked, m => m.Text == "The word is lantern." && m.Buttons.Count == 0, "Claude's answer");
        Assert.Single(_bot.MessagesFrom(asked));
        Assert.Equal("HTML", final.ParseMode);

        await _bot.Bot.RestartAsync();
        _anthropic.Enqueue(FakeAnthropicResponse.Text("It was lantern."));
        var next = _bot.Say("what was the word?");
        await _bot.ReplyToAsync(next, m => m.Text == "It was lantern.", "the answer after the restart");
        var request = _anthropic.Requests[^1];
        Assert.Contains(request.Texts, t => t.Contains("remember the word lantern", StringComparison.Ordinal));
        Assert.Contains(request.Texts, t => t.Contains("what was the word?", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("✅ Approve", true)]
    [InlineData("🚫 Deny", false)]
    public async Task A_bash_permission_request_shows_buttons_and_the_decision_is_applied(string button, bool runs)
    {
        var target = Path.Combine(_bot.Workspace, "claude-done.txt");
        _anthropic.Enqueue(FakeAnthropicResponse.Bash($"touch {target}", "Mark the task done"), FakeAnthropicResponse.Text("Finished."));

        var asked = _bot.Say("mark it done");
        var prompt = await _bot.Telegram.WaitForBotMessageAsync(_bot.Chat, m => m.AllButtons.Any(b => b.Text == "🚫 Deny"), CodexBot.Timeout, "an approval prompt");
        Assert.Contains($"touch {target}", prompt.Text, StringComparison.Ordinal);
        Assert.Contains("Mark the task done", prompt.Text, StringComparison.Ordinal);

        _bot.Telegram.PressButton(_bot.Chat, BotHarness.OwnerId, prompt.MessageId, prompt.AllButtons.Single(b => b.Text == button).CallbackData!);

        await _bot.ReplyToAsync(asked, m => m.Text.Contains("Finished.", StringComparison.Ordinal) && m.Buttons.Count == 0, "the final answer");
        Assert.Equal(runs, File.Exists(target));
    }

    [Fact]
    public async Task Stop_interrupts_a_claude_turn_and_the_next_message_works()
    {
        var streaming = FakeAnthropicResponse.Text("Part one. ", "never sent");
        var gate = streaming.HoldBefore(1);
        _anthropic.Enqueue(streaming);

        var asked = _bot.Say("long job");
        await _bot.ReplyToAsync(asked, m => m.Text.Contains("Part one.", StringComparison.Ordinal), "the partial answer");
        await gate.Reached.WaitAsync(CodexBot.Timeout);
        _bot.Say("/stop");

        var stopped = await _bot.ReplyToAsync(asked, m => m.Text.Contains("Stopped by", StringComparison.Ordinal) && m.Buttons.Count == 0, "the stopped message");
        Assert.DoesNotContain("never sent", stopped.Text, StringComparison.Ordinal);

        _anthropic.Enqueue(FakeAnthropicResponse.Text("Ready again."));
        var next = _bot.Say("next");
        await _bot.ReplyToAsync(next, m => m.Text == "Ready again.", "the next answer");
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _anthropic.DisposeAsync();
        _home.Dispose();
    }
}
