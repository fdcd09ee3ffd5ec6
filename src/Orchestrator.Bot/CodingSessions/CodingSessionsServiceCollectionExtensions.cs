using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Hosting;
using Orchestrator.Bot.Projects;
using Orchestrator.Bot.Telegram;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Projects;

namespace Orchestrator.Bot.CodingSessions;

public static class CodingSessionsHostServiceCollectionExtensions
{
    /// <summary>
    /// Projects and coding sessions (Orchestrator.Core) with their Telegram face: the ports (turn runner over the chat turn
    /// machinery, artifact notifier, folder policy), the commands, buttons, reply follow-ups, recovery and the events chat.
    /// </summary>
    public static IServiceCollection AddCodingSessionsFace(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCodingSessions();
        services.AddOptions<SessionsOptions>().Bind(configuration.GetSection(SessionsOptions.Section)).ValidateOnStart();
        services.AddOptions<EventsOptions>().Bind(configuration.GetSection(EventsOptions.Section))
            .Validate(o => o.MaxPerMessage is >= 1 and <= 50, "Events:MaxPerMessage must be 1–50.")
            .Validate(o => o.ChatId is null or not 0, "Events:ChatId must be a chat id (not 0), or null for none.")
            .ValidateOnStart();
        services.AddSingleton<IProjectPathPolicy, ProjectPathPolicy>();
        services.AddSingleton<CodingTurnRunner>();
        services.AddSingleton<ISessionTurnRunner>(sp => sp.GetRequiredService<CodingTurnRunner>());
        services.AddSingleton<ISessionNotifier, TelegramSessionNotifier>();
        services.AddSingleton<SessionStarter>();
        services.AddSingleton<ISessionControl, SessionControl>();
        services.AddSingleton<IProjectControl, ProjectControl>();
        services.AddSingleton<PendingDeletes>();
        services.AddSingleton<SessionReplies>();
        services.AddSingleton<IBotCommand, ProjectsCommand>();
        services.AddSingleton<IBotCommand, ProjectCommand>();
        services.AddSingleton<IBotCommand, SendSessionCommand>();
        foreach (var action in SessionActions.All)
        {
            services.AddSingleton<IBotCommand>(sp => ActivatorUtilities.CreateInstance<SessionShortcutCommand>(sp, action));
        }

        services.AddSingleton<IBotCommand, CodingSessionsCommand>();
        services.AddSingleton<IBotCommand, CodingSessionCommand>();
        services.AddSingleton<IBotCommand, FollowUpCommand>();
        services.AddSingleton<IBotCommand, ResumeSessionCommand>();
        services.AddSingleton<IBotCommand, ArchiveSessionCommand>();
        services.AddSingleton<IBotCommand, DeleteSessionCommand>();
        services.AddSingleton<IBotCommand, ArtifactsCommand>();
        services.AddSingleton<IBotCommand, EventsCommand>();
        services.AddSingleton<ICallbackHandler, CodingSessionCallbacks>();
        services.AddSingleton<IStartupHook, SessionRecovery>();
        services.AddHostedService<EventsChatForwarder>();
        return services;
    }
}
