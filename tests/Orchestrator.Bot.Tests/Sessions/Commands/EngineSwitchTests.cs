using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.Anthropic;
using Orchestrator.Testing.Clis;
using Orchestrator.Testing.Copilot;

namespace Orchestrator.Bot.Tests.Sessions.Commands;

/// <summary>One chat with a Codex, a Claude and a Copilot agent (all REAL CLIs against fake model servers), switching between them.</summary>
public sealed class EngineSwitchTests
{
    [Fact]
    public async Task One_chat_switches_between_codex_claude_and_copilot_and_each_keeps_its_own_conversation()
    {
        await using var anthropic = await FakeAnthropicServer.StartAsync();
        using var claudeHome = ClaudeHome.Create(anthropic.BaseUrl);
        using var copilotHome = CopilotHome.Create(anthropic.BaseUrl);
        await using var bot = await CodexBot.StartAsync(s =>
        {
            s["Claude:Command"] = AgentClis.Claude;
            foreach (var (key, value) in claudeHome.EnvironmentVariables)
            {
                s[$"Claude:Environment:{key}"] = value ?? "";
            }

            CopilotChatTests.UseCopilot(s, copilotHome);
        });

        await bot.TurnAsync("codex, remember apples", "Codex noted apples.");
        var codexAgent = await bot.CurrentAgentAsync();
        Assert.Equal("codex", codexAgent.Engine);

        Assert.Contains("claude", (await bot.AskAsync("/agent new sage claude")).Text, StringComparison.Ordinal);
        anthropic.Enqueue(FakeAnthropicResponse.Text("Claude noted pears."));
        var toClaude = bot.Say("claude, remember pears");
        await bot.ReplyToAsync(toClaude, m => m.Text == "Claude noted pears." && m.Buttons.Count == 0, "Claude's answer");

        Assert.Contains("copilot", (await bot.AskAsync("/agent new pilot copilot")).Text, StringComparison.Ordinal);
        anthropic.Enqueue(FakeAnthropicResponse.Text("Copilot noted plums."));
        var toCopilot = bot.Say("copilot, remember plums");
        await bot.ReplyToAsync(toCopilot, m => m.Text == "Copilot noted plums." && m.Buttons.Count == 0, "Copilot's answer");
        Assert.Equal("copilot", (await bot.CurrentAgentAsync()).Engine);

        var agents = await bot.AskAsync("/agents");
        Assert.Contains("codex", agents.Text, StringComparison.Ordinal);
        Assert.Contains("claude", agents.Text, StringComparison.Ordinal);
        Assert.Contains("copilot", agents.Text, StringComparison.Ordinal);

        await bot.AskAsync($"/use {codexAgent.Name}");
        var (codexRequest, _) = await bot.TurnAsync("codex, what fruit?", "Apples.");
        Assert.True(codexRequest.HasUserText("codex, remember apples"), "Codex's own conversation continues");

        await bot.AskAsync("/use pilot");
        anthropic.Enqueue(FakeAnthropicResponse.Text("Plums."));
        var again = bot.Say("copilot, what fruit?");
        await bot.ReplyToAsync(again, m => m.Text == "Plums." && m.Buttons.Count == 0, "Copilot's second answer");
        var texts = anthropic.Requests[^1].Texts;
        Assert.Contains(texts, t => t.Contains("copilot, remember plums", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains("claude, remember pears", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains("codex, remember apples", StringComparison.Ordinal));
    }
}
