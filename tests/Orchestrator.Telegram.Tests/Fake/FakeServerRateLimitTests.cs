using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Orchestrator.Telegram.Tests.Support;
using Telegram.Bot.Types.Enums;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Telegram.Tests.Fake;

public sealed class FakeServerRateLimitTests
{
    [Fact]
    public async Task Group_allows_its_per_minute_quota_then_bans_for_the_refill_time()
    {
        var options = new FakeBotApiOptions { RateLimits = new FakeRateLimitOptions { GroupPerMinute = 4 } };
        await using var bot = await FakeBot.StartAsync(options, noRetry: true);
        bot.Server.SendText(-200, 1, "hi", ChatType.Supergroup);
        for (var i = 0; i < 4; i++)
        {
            await bot.Client.SendMessage(-200, $"m{i}");
        }

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.SendMessage(-200, "fifth"));

        Assert.Equal(429, ex.ErrorCode);
        Assert.InRange(ex.Parameters!.RetryAfter!.Value, 14, 15);
        Assert.Equal(1, bot.Server.RateLimitViolationsIn(-200));
    }

    [Fact]
    public async Task Global_limit_applies_across_chats()
    {
        var options = new FakeBotApiOptions { RateLimits = new FakeRateLimitOptions { GlobalPerSecond = 3 } };
        await using var bot = await FakeBot.StartAsync(options, noRetry: true);
        for (long chat = 1; chat <= 4; chat++)
        {
            bot.Server.SendText(chat, chat, "hi");
        }

        for (long chat = 1; chat <= 3; chat++)
        {
            await bot.Client.SendMessage(chat, "ok");
        }

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.SendMessage(4, "over the global limit"));

        Assert.Equal(429, ex.ErrorCode);
        Assert.Equal(1, bot.Server.RateLimitViolationsIn(4));
    }

    [Fact]
    public async Task Malformed_parameter_types_get_400_not_a_crash()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SendText(9, 9, "hi");
        using var http = new HttpClient();

        using var response = await http.PostAsync(
            $"{bot.Server.BaseUrl}/bot{bot.Server.Token}/sendMessage",
            new StringContent("""{"chat_id":9,"text":"x","reply_parameters":{"message_id":{"nested":true}}}""", System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("\"ok\":false", body, StringComparison.Ordinal);
    }
}
