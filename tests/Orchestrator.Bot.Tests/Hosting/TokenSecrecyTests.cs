using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Hosting;

/// <summary>The bot token grants full control of the bot: it must appear in no log line and no exception message.</summary>
public sealed class TokenSecrecyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task No_log_line_or_log_file_contains_the_token_even_through_failures()
    {
        await using var bot = await BotHarness.StartAsync();
        var secret = bot.Telegram.Token[(bot.Telegram.Token.IndexOf(':', StringComparison.Ordinal) + 1)..];

        bot.Telegram.FailNext("getUpdates", 502, "Bad Gateway");
        bot.Telegram.FailNext("sendMessage", 500, "Internal Server Error");
        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/whoami");
        await bot.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, _ => true, Timeout);

        bot.Telegram.SetOutage(FakeOutage.BadGateway);
        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/help");
        await bot.Telegram.WaitForAsync(t => t.Requests.Count(r => r.StatusCode == 502) >= 2 ? "outage seen" : null, Timeout);
        bot.Telegram.SetOutage(FakeOutage.None);
        await bot.Telegram.WaitForAsync(t => t.BotMessages(BotHarness.OwnerId).Count >= 2 ? "recovered" : null, Timeout);
        await bot.StopAsync();

        Assert.NotEmpty(bot.Logs.Lines);
        Assert.Contains(bot.Logs.Lines, l => l.Contains("502", StringComparison.Ordinal) || l.Contains("Bad Gateway", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        var files = Directory.GetFiles(Path.Combine(bot.DataDirectory, "logs"));
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var text = await new StreamReader(stream).ReadToEndAsync();
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }
}
