using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Telegram;
using Telegram.Bot;

namespace Orchestrator.Bot.Groups;

public static class GroupsServiceCollectionExtensions
{
    /// <summary>Group → supergroup migration: <see cref="ChatMigration"/> and the client wrapper that follows <c>migrate_to_chat_id</c>. After AddBotTelegram.</summary>
    public static IServiceCollection AddGroups(this IServiceCollection services)
    {
        services.AddSingleton<ChatMigration>();
        var client = services.LastOrDefault(d => d.ServiceType == typeof(ITelegramBotClient))
            ?? throw new InvalidOperationException("AddGroups needs the ITelegramBotClient registration (AddBotTelegram) first.");
        services.Remove(client);
        services.AddSingleton(sp => new MigratingBotClient(
            Inner(sp, client), sp, sp.GetRequiredService<ILogger<MigratingBotClient>>()));
        services.AddSingleton<ITelegramBotClient>(sp => sp.GetRequiredService<MigratingBotClient>());
        return services;
    }

    private static ITelegramBotClient Inner(IServiceProvider sp, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance as ITelegramBotClient
        ?? (ITelegramBotClient?)descriptor.ImplementationFactory?.Invoke(sp)
        ?? (ITelegramBotClient)ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!);
}
