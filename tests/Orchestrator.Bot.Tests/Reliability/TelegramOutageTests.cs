using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Agents;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.Telegram;
using Xunit.Abstractions;

namespace Orchestrator.Bot.Tests.Reliability;

/// <summary>
/// Telegram goes away in the middle of a turn (502 from its nginx, or requests that hang): the bot does not crash,
/// and once Telegram is back the turn's final answer and the replies to messages sent meanwhile are delivered.
/// </summary>
public sealed class TelegramOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(FakeOutage.BadGateway, 10)]
    [InlineData(FakeOutage.Hang, 30)]
    public async Task After_an_outage_mid_turn_the_final_answer_and_waiting_replies_are_delivered(FakeOutage outage, int seconds)
    {
        var engine = new GatedEngine();
        await using var bot = await BotHarness.StartAsync(services: s => s.AddSingleton<IAgentEngine>(engine));
        var chat = BotHarness.OwnerId;
        bot.Telegram.SendText(chat, chat, "start a turn");
        var asked = bot.Telegram.LastUserMessageId;
        await bot.Telegram.WaitForBotMessageAsync(chat, m => m.ReplyToMessageId == asked && m.Text.Contains(GatedEngine.Before, StringComparison.Ordinal), Timeout);

        bot.Telegram.SetOutage(outage);
        var outageStarted = DateTimeOffset.UtcNow;
        engine.Release(); // the turn ends during the outage: its final edit cannot get through
        bot.Telegram.SendText(chat, chat, "/whoami"); // a message written during the outage
        var whoami = bot.Telegram.LastUserMessageId;
        await Task.Delay(TimeSpan.FromSeconds(seconds)); // the outage itself: time passing is the scenario
        var lifetime = bot.Service<IHostApplicationLifetime>();
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the bot must survive the outage");
        bot.Telegram.SetOutage(FakeOutage.None);
        var recovered = DateTimeOffset.UtcNow;

        var final = await bot.Telegram.WaitForBotMessageAsync(
            chat, m => m.ReplyToMessageId == asked && m.Text == GatedEngine.Before + " " + GatedEngine.After && m.Buttons.Count == 0, Timeout, "the final answer");
        var finalAt = DateTimeOffset.UtcNow;
        await bot.Telegram.WaitForBotMessageAsync(chat, m => m.ReplyToMessageId == whoami && m.Text.Contains("Role:", StringComparison.Ordinal), Timeout, "the /whoami reply");
        var replyAt = DateTimeOffset.UtcNow;
        Assert.Single(bot.Telegram.BotMessages(chat), m => m.ReplyToMessageId == whoami);
        Assert.Equal(0, bot.Telegram.RateLimitViolations);
        output.WriteLine(
            $"{outage} for {(recovered - outageStarted).TotalSeconds:0.0} s: final answer {(finalAt - recovered).TotalSeconds:0.0} s and /whoami reply " +
            $"{(replyAt - recovered).TotalSeconds:0.0} s after recovery; {bot.Telegram.Requests.Count(r => r.StatusCode == 502)} requests got 502; final text: {final.Text}");
    }
}
