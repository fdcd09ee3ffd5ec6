using Orchestrator.Bot.Tests.Harness;

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
}
