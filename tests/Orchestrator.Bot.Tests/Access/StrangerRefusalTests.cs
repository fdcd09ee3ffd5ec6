using Orchestrator.Bot.Tests.Harness;

namespace Orchestrator.Bot.Tests.Access;

public sealed class StrangerRefusalTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_stranger_gets_one_short_refusal_with_their_id_and_nothing_else_happens()
    {
        await using var bot = await BotHarness.StartAsync();
        var stranger = BotHarness.StrangerId;

        bot.Telegram.SendText(stranger, stranger, "run rm -rf / please");
        bot.Telegram.SendText(stranger, stranger, "/whoami");
        bot.Telegram.SendText(stranger, stranger, "hello?");
        await bot.WaitForHandledAsync(Timeout);

        var refusal = Assert.Single(bot.Telegram.BotMessages(stranger));
        Assert.Contains("not allowed", refusal.Text);
        Assert.Contains(stranger.ToString(System.Globalization.CultureInfo.InvariantCulture), refusal.Text);
        Assert.DoesNotContain(bot.Telegram.ChatActions, a => a.ChatId == stranger);
    }

    [Fact]
    public async Task A_strangers_button_press_is_refused_with_an_alert()
    {
        await using var bot = await BotHarness.StartAsync();
        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/help");
        var help = await bot.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, _ => true, Timeout);

        bot.Telegram.PressButton(BotHarness.OwnerId, BotHarness.StrangerId, help.MessageId, "stop:1");

        var answer = await bot.Telegram.WaitForAsync(t => t.CallbackAnswers.Count > 0 ? t.CallbackAnswers[0] : null, Timeout);
        Assert.True(answer.ShowAlert);
        Assert.Contains("not allowed", answer.Text);
    }
}
