using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Core.Events;

namespace Orchestrator.Bot.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>SQLite at &lt;DataDirectory&gt;/orchestrator.db (migrated at start by BotStartup) and its stores.</summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<BotDatabase>();
        services.AddSingleton<Orchestrator.Core.Persistence.IDatabase>(sp => sp.GetRequiredService<BotDatabase>());
        services.AddControlEvents();
        return services;
    }
}
