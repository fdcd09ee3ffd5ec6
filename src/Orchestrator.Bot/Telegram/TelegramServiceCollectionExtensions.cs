using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Chats;
using Orchestrator.Bot.Inbox;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Telegram;
using Orchestrator.Telegram.Resilience;
using Orchestrator.Telegram.Transport;
using Telegram.Bot;

namespace Orchestrator.Bot.Telegram;

public static class TelegramServiceCollectionExtensions
{
    /// <summary>The Bot API client, the outbox, the durable inbox, the chats' owners and the polling worker.</summary>
    public static IServiceCollection AddBotTelegram(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelegramOptions>().Bind(configuration.GetSection(TelegramOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();

        // No HttpClient logging: its request lines contain the URL, and Bot API URLs contain the token.
        // BotApiHttpHandler times each call (so the HttpClient's own timeout is off) and keeps the token out of failures.
        services.AddHttpClient("telegram", http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
                return new BotApiHttpHandler(
                    options.BotToken, new BotApiTransportOptions { LongPollTimeout = TimeSpan.FromSeconds(options.PollingTimeoutSeconds) });
            })
            .RemoveAllLoggers();
        services.AddSingleton<ITelegramBotClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient("telegram");
            return BotClientFactory.Create(options.BotToken, options.ApiBaseUrl, http, new TelegramRetryOptions());
        });

        services.AddTelegramOutbox(configuration);
        services.AddSingleton<IBotUpdateHandler, BotUpdateHandler>();
        services.AddSingleton<UpdateInbox>();
        services.AddSingleton<ChatOwners>();
        services.AddSingleton<ChatLanes>();
        services.AddSingleton<PollingWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<PollingWorker>());
        return services;
    }
}
