using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Engines;
using Telegram.Bot;

namespace Orchestrator.Bot.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// The bot's own secrets and state: the <see cref="SecretRedactor"/>, the client wrapper that redacts every outgoing
    /// text, and the start-up refusal when the bot's files lie where agents may write. After AddBotTelegram and AddGroups.
    /// </summary>
    public static IServiceCollection AddSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(SecretRedactor.FromConfiguration(configuration));
        services.AddSingleton<IValidateOptions<AgentsOptions>>(sp => new BotFilesPlacementValidator(
            sp.GetRequiredService<IOptions<Persistence.StorageOptions>>(), configuration));

        var client = services.LastOrDefault(d => d.ServiceType == typeof(ITelegramBotClient))
            ?? throw new InvalidOperationException("AddSecurity needs the ITelegramBotClient registration (AddBotTelegram) first.");
        services.Remove(client);
        services.AddSingleton<ITelegramBotClient>(sp => new RedactingBotClient(Inner(sp, client), sp.GetRequiredService<SecretRedactor>()));
        return services;
    }

    private static ITelegramBotClient Inner(IServiceProvider sp, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance as ITelegramBotClient
        ?? (ITelegramBotClient?)descriptor.ImplementationFactory?.Invoke(sp)
        ?? (ITelegramBotClient)ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!);
}
