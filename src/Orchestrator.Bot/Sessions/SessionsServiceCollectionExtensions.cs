using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Bot.Sessions;

public static class SessionsServiceCollectionExtensions
{
    public static IServiceCollection AddSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AgentStore>();
        services.AddSingleton<TurnStore>();
        services.AddSingleton<IAgentChat, PlaceholderAgentChat>();
        return services;
    }
}
