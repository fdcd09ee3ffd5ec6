using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Telegram;

/// <summary>Polling survives what Telegram throws at it and delivers once it can.</summary>
public sealed class PollingFailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Another_instance_polling_the_token_is_reported_clearly_and_retried_until_it_stops()
    {
        await using var bot = await BotHarness.StartAsync(s => s["Telegram:ConflictRetrySeconds"] = "1");
        bot.Telegram.SetConflict(true);
        await bot.Telegram.WaitForAsync(_ => ConflictWarnings(bot) >= 2, Timeout, "two conflict warnings");
        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/whoami");
        var seen = ConflictWarnings(bot);
        await bot.Telegram.WaitForAsync(_ => ConflictWarnings(bot) > seen + 1, Timeout, "more conflict warnings after the message");
        Assert.Empty(bot.Telegram.BotMessages(BotHarness.OwnerId));

        bot.Telegram.SetConflict(false);
        await bot.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text.Contains("Role: allowed", StringComparison.Ordinal), Timeout);
    }

    private static int ConflictWarnings(BotHarness bot) =>
        bot.Logs.Lines.Count(l => l.Contains("Another instance is polling this bot token (409 Conflict)", StringComparison.Ordinal));

    [Theory]
    [InlineData(FakeOutage.BadGateway)]
    [InlineData(FakeOutage.Hang)]
    public async Task During_an_outage_nothing_crashes_and_replies_arrive_after_it(FakeOutage outage)
    {
        await using var bot = await BotHarness.StartAsync();
        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/whoami");
        await bot.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, _ => true, Timeout);

        var before = bot.Telegram.Requests.Count;
        bot.Telegram.SetOutage(outage);
        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/help");
        if (outage == FakeOutage.BadGateway)
        {
            await bot.Telegram.WaitForAsync(t => t.Requests.Skip(before).Count(r => r.StatusCode == 502) >= 2, Timeout, "the bot meeting the outage twice");
        }
        else
        {
            await bot.Telegram.WaitForAsync(t => t.HeldRequests > 0, Timeout, "a request held by the hanging server");
        }

        Assert.DoesNotContain(bot.Telegram.BotMessages(BotHarness.OwnerId), m => m.Text.Contains("List the commands", StringComparison.Ordinal));
        bot.Telegram.SetOutage(FakeOutage.None);

        await bot.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text.Contains("/whoami", StringComparison.Ordinal) && m.Text.Contains("List the commands", StringComparison.Ordinal), Timeout);
        Assert.False(bot.Host.Services.GetService(typeof(Microsoft.Extensions.Hosting.IHostApplicationLifetime)) is Microsoft.Extensions.Hosting.IHostApplicationLifetime { ApplicationStopping.IsCancellationRequested: true });
    }
}
