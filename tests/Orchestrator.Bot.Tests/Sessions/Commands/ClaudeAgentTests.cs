using System.Text.Json.Nodes;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.Anthropic;
using Orchestrator.Testing.Clis;

namespace Orchestrator.Bot.Tests.Sessions.Commands;

/// <summary>A Claude agent in the bot: the REAL Claude Code CLI against a fake Anthropic server.</summary>
public sealed class ClaudeAgentTests
{
    [Fact]
    public async Task A_claude_agent_answers_and_persona_and_model_changes_start_a_new_session_with_them()
    {
        await using var anthropic = await FakeAnthropicServer.StartAsync();
        using var home = ClaudeHome.Create(anthropic.BaseUrl);
        await using var codex = await CodexBot.StartAsync(s =>
        {
            s["Claude:Command"] = AgentClis.Claude;
            foreach (var (key, value) in home.EnvironmentVariables)
            {
                s[$"Claude:Environment:{key}"] = value ?? "";
            }

            s["Claude:Models:0"] = "claude-opus-4-1";
            s["Claude:Models:1"] = "claude-sonnet-4-5";
        });

        var created = await codex.AskAsync("/agent new sage claude");
        Assert.Contains("Created 🦊 sage — claude", created.Text, StringComparison.Ordinal);

        anthropic.Enqueue(FakeAnthropicResponse.Text("Hello", " from Claude."));
        var asked = codex.Say("remember the word lantern");
        await codex.ReplyToAsync(asked, m => m.Text == "Hello from Claude." && m.Buttons.Count == 0, "Claude's answer");
        var firstSession = (await codex.CurrentAgentAsync()).SessionId;
        Assert.NotNull(firstSession);

        var status = await codex.AskAsync("/status");
        Assert.StartsWith("🦊 sage (claude)", status.Text, StringComparison.Ordinal);
        Assert.Contains($"Session: {firstSession}", status.Text, StringComparison.Ordinal);
        var cost = Assert.Single(status.Text.Split('\n'), l => l.StartsWith("Cost (this session): $", StringComparison.Ordinal));
        Assert.True(decimal.Parse(cost["Cost (this session): $".Length..], System.Globalization.CultureInfo.InvariantCulture) > 0, cost);

        await codex.AskAsync("/persona PERSONA: you are Carl.");
        var keyboard = await codex.AskAsync("/model");
        Assert.Equal(["claude-opus-4-1", "claude-sonnet-4-5", "✅ Engine default"], keyboard.AllButtons.Select(b => b.Text));
        await codex.PressAsync(keyboard, "claude-sonnet-4-5");

        var before = anthropic.Requests.Count;
        anthropic.Enqueue(FakeAnthropicResponse.Text("Carl here."));
        var next = codex.Say("who are you?");
        await codex.ReplyToAsync(next, m => m.Text == "Carl here." && m.Buttons.Count == 0, "the answer in the new session");

        var request = anthropic.Requests.Skip(before).Last(r => r.Texts.Any(t => t.Contains("who are you?", StringComparison.Ordinal)));
        Assert.Equal("claude-sonnet-4-5", (string?)request.Body?["model"]);
        Assert.Contains("PERSONA: you are Carl.", SystemText(request), StringComparison.Ordinal);
        Assert.DoesNotContain(request.Texts, t => t.Contains("remember the word lantern", StringComparison.Ordinal));
        Assert.NotEqual(firstSession, (await codex.CurrentAgentAsync()).SessionId);
    }

    private static string SystemText(AnthropicRecordedRequest request) => request.Body?["system"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray blocks => string.Join("\n", blocks.Select(b => (string?)b?["text"] ?? "")),
        _ => "",
    };
}
