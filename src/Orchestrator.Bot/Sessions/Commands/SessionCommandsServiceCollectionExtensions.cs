using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Sessions.History;
using Orchestrator.Bot.Telegram;

namespace Orchestrator.Bot.Sessions.Commands;

public static class SessionCommandsServiceCollectionExtensions
{
    /// <summary>Named agents and their sessions: /agents /agent /use /model /folder /persona /reset /status /threads, their buttons, history and memory files.</summary>
    public static IServiceCollection AddSessionCommands(this IServiceCollection services)
    {
        services.AddSingleton<SessionStore>();
        services.AddSingleton<MemoryFiles>();
        services.AddSingleton<SessionBook>();
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<FolderPolicy>();
        services.AddSingleton<AgentControl>();
        services.AddSingleton<ModelCommand>();
        services.AddSingleton<IBotCommand, AgentsCommand>();
        services.AddSingleton<IBotCommand, AgentCommand>();
        services.AddSingleton<IBotCommand, UseCommand>();
        services.AddSingleton<IBotCommand>(sp => sp.GetRequiredService<ModelCommand>());
        services.AddSingleton<IBotCommand, FolderCommand>();
        services.AddSingleton<IBotCommand, PersonaCommand>();
        services.AddSingleton<IBotCommand, ResetCommand>();
        services.AddSingleton<IBotCommand, StatusCommand>();
        services.AddSingleton<IBotCommand, ThreadsCommand>();
        services.AddSingleton<ICallbackHandler, AgentCallbacks>();
        return services;
    }
}
