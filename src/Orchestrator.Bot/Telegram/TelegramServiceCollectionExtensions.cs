using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Telegram;

namespace Orchestrator.Bot.Telegram;

public static class TelegramServiceCollectionExtensions
{
    /// <summary>The Bot API client, the outbox, the per-chat dispatcher and the polling worker.</summary>
    public static IServiceCollection AddBotTelegram(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelegramOptions>().Bind(configuration.GetSection(TelegramOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();

        // No HttpClient logging: its request lines contain the URL, and Bot API URLs contain the token.
        services.AddHttpClient("telegram").RemoveAllLoggers();
        services.AddSingleton<ITelegramBotClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient("telegram");
            return new TelegramBotClient(new TelegramBotClientOptions(options.BotToken, options.ApiBaseUrl), http);
        });

        services.AddTelegramOutbox(configuration);
        services.AddSingleton<IBotUpdateHandler, BotUpdateHandler>();
        services.AddSingleton<UpdateDispatcher>();
        services.AddSingleton<PollingWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<PollingWorker>());
        return services;
    }
}
