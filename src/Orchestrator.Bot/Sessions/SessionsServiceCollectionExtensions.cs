using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Hosting;
using Orchestrator.Bot.Sessions.Commands;

namespace Orchestrator.Bot.Sessions;

public static class SessionsServiceCollectionExtensions
{
    /// <summary>Agents, turns, live replies, approvals, /stop, restart reporting and shutdown of running turns.</summary>
    public static IServiceCollection AddSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AgentStore>();
        services.AddSingleton<TurnStore>();
        services.AddSingleton<ChatRuntimes>();
        services.AddSingleton<ApprovalBroker>();
        services.AddSingleton<ApprovalEvents>();
        services.AddSingleton<AgentChat>();
        services.AddSingleton<IAgentChat>(sp => sp.GetRequiredService<AgentChat>());
        services.AddSingleton<IBotCommand, StopCommand>();
        services.AddSingleton<IStartupHook, InterruptedTurnsReporter>();
        services.AddHostedService<SessionsLifetime>();
        services.AddSessionCommands();
        return services;
    }
}
