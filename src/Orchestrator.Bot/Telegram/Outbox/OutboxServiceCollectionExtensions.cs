using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Telegram.Outbox;

public static class OutboxServiceCollectionExtensions
{
    /// <summary>
    /// Registers the singleton <see cref="TelegramOutbox"/> as <see cref="ITelegramOutbox"/> and as a hosted service (so the
    /// host flushes it on shutdown), with <see cref="OutboxOptions"/> bound from <c>Telegram:Outbox</c> and validated on start.
    /// Needs an <see cref="global::Telegram.Bot.ITelegramBotClient"/> registration.
    /// </summary>
    public static IServiceCollection AddTelegramOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>()
            .Bind(configuration.GetSection(OutboxOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TelegramOutbox>();
        services.TryAddSingleton<ITelegramOutbox>(sp => sp.GetRequiredService<TelegramOutbox>());
        services.AddHostedService(sp => sp.GetRequiredService<TelegramOutbox>());
        return services;
    }
}
