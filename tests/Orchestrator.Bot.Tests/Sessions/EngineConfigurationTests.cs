using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Bot.Tests.Sessions;

public sealed class EngineConfigurationTests
{
    [Fact]
    public async Task A_missing_agent_cli_gets_a_clear_message_and_the_bot_keeps_working()
    {
        await using var bot = await BotHarness.StartAsync(s => s["Codex:Command"] = "/nonexistent/bin/codex");

        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "hello");

        var reply = await bot.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, _ => true, TimeSpan.FromSeconds(60));
        Assert.Contains("Could not start the codex agent", reply.Text, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/bin/codex", reply.Text, StringComparison.Ordinal);

        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/whoami");
        await bot.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text.Contains("Role: allowed", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_failed_sign_in_points_at_Agents_PassEnvironment()
    {
        // config.toml names FAKE_KEY as the provider's env_key, but the bot's environment does not have it.
        await using var codex = await CodexBot.StartAsync(s => s.Remove("Codex:Environment:FAKE_KEY"));
        codex.Model.Enqueue(FakeResponse.Text("never reached"));

        var asked = codex.Say("hello");

        var reply = await codex.ReplyToAsync(asked, m => m.Text.Contains('❌', StringComparison.Ordinal) && m.Buttons.Count == 0, "the failure");
        Assert.Contains("FAKE_KEY", reply.Text, StringComparison.Ordinal);
        Assert.Contains("list its name in Agents:PassEnvironment", reply.Text, StringComparison.Ordinal);
    }
}
