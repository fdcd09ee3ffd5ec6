using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.Tests.Harness;

namespace Orchestrator.Bot.Tests.Access;

/// <summary>Access:RateLimit: one user cannot flood the bot with turns and commands.</summary>
public sealed class RateLimitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_flooding_user_is_told_to_slow_down_once_the_rest_is_dropped_and_the_bucket_refills()
    {
        var time = new ManualTimeProvider(DateTimeOffset.Parse("2026-12-07T00:00:00Z", CultureInfo.InvariantCulture));
        await using var bot = await BotHarness.StartAsync(
            s =>
            {
                s["Access:RateLimit:Burst"] = "2";
                s["Access:RateLimit:PerMinute"] = "1";
            },
            services => services.AddSingleton(sp => new UserRateLimiter(sp.GetRequiredService<IOptionsMonitor<RateLimitOptions>>(), time)));
        var owner = BotHarness.OwnerId;

        for (var i = 0; i < 6; i++)
        {
            bot.Telegram.SendText(owner, owner, "/whoami");
        }

        await bot.WaitForHandledAsync(Timeout); // nothing left unconfirmed, dropped ones included
        var messages = bot.Telegram.BotMessages(owner);
        Assert.Equal(2, messages.Count(m => m.Text.Contains("Role: allowed", StringComparison.Ordinal)));
        var slowDown = Assert.Single(messages, m => m.Text.Contains("Slow down", StringComparison.Ordinal));
        Assert.Contains("try again in 60 s", slowDown.Text, StringComparison.Ordinal);
        Assert.Equal(3, messages.Count);

        time.Advance(TimeSpan.FromMinutes(1)); // one message's worth
        bot.Telegram.SendText(owner, owner, "/whoami");
        await bot.Telegram.WaitForAsync(
            t => t.BotMessages(owner).Count(m => m.Text.Contains("Role: allowed", StringComparison.Ordinal)) == 3 ? "answered" : null, Timeout, "the answer after the refill");
    }

    [Fact]
    public async Task Stop_is_never_rate_limited_and_a_stranger_flood_costs_only_the_usual_refusal()
    {
        await using var bot = await BotHarness.StartAsync(s =>
        {
            s["Access:RateLimit:Burst"] = "1";
            s["Access:RateLimit:PerMinute"] = "1";
        });
        var owner = BotHarness.OwnerId;
        var stranger = BotHarness.StrangerId;
        bot.Telegram.SendText(owner, owner, "/whoami");
        bot.Telegram.SendText(owner, owner, "/whoami");
        for (var i = 0; i < 5; i++)
        {
            bot.Telegram.SendText(stranger, stranger, "/whoami");
        }

        await bot.WaitForHandledAsync(Timeout);
        Assert.Contains(bot.Telegram.BotMessages(owner), m => m.Text.Contains("Slow down", StringComparison.Ordinal));
        Assert.Contains("not allowed", Assert.Single(bot.Telegram.BotMessages(stranger)).Text, StringComparison.Ordinal);

        bot.Telegram.SendText(owner, owner, "/stop");
        await bot.Telegram.WaitForAsync(t => t.BotMessages(owner).Count == 3 ? "answered" : null, Timeout, "the answer to /stop");
        Assert.DoesNotContain("Slow down", bot.Telegram.BotMessages(owner)[2].Text, StringComparison.Ordinal);
    }
}
