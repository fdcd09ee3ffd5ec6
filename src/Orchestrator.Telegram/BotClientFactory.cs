using Orchestrator.Telegram.Resilience;

using Telegram.Bot;

namespace Orchestrator.Telegram;

/// <summary>Builds the bot's Bot API client: Telegram.Bot's <see cref="TelegramBotClient"/> under <see cref="ResilientBotClient"/>.</summary>
public static class BotClientFactory
{
    /// <summary>
    /// One retry layer per call: Telegram.Bot's own 429 retry is off (<c>RetryThreshold</c>/<c>RetryCount</c> 0; it
    /// would wait out a ban under the outbox, skipping the chat's pacing, the global budget and edit coalescing); the
    /// outbox retries messages, the polling loop getUpdates, and <see cref="ResilientBotClient"/> the one-off calls.
    /// <paramref name="http"/> should run through <see cref="Transport.BotApiHttpHandler"/> and have an infinite Timeout.
    /// </summary>
    public static ITelegramBotClient Create(string token, string? baseUrl, HttpClient http, TelegramRetryOptions retry)
    {
        var options = new TelegramBotClientOptions(token, baseUrl) { RetryThreshold = 0, RetryCount = 0 };
        return new ResilientBotClient(new TelegramBotClient(options, http), retry);
    }
}
