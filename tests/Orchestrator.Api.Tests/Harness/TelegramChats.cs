using Orchestrator.Testing.Telegram;

namespace Orchestrator.Api.Tests.Harness;

public static class TelegramChats
{
    /// <summary>
    /// The user writes /start to the bot, as a real user must before the bot can write to them (the fake Bot API, like
    /// Telegram, refuses to send to a private chat that was never opened); waits for the bot's answer.
    /// </summary>
    public static async Task OpenTelegramChatAsync(this ApiBot api, long userId)
    {
        api.Telegram.SendText(userId, userId, "/start");
        await api.Telegram.WaitForBotMessageAsync(userId, _ => true, TimeSpan.FromSeconds(60), "the answer to /start");
    }
}
