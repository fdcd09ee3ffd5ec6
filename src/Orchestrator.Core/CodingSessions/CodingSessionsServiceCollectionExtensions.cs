using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Core.Projects;

namespace Orchestrator.Core.CodingSessions;

public static class CodingSessionsServiceCollectionExtensions
{
    /// <summary>
    /// Projects and coding sessions. The host registers the ports: <see cref="Git.IWorktrees"/>,
    /// <see cref="IProjectPathPolicy"/>, <see cref="ISessionTurnRunner"/> and <see cref="ISessionNotifier"/>.
    /// </summary>
    public static IServiceCollection AddCodingSessions(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SessionsOptions>(); // bound to the Sessions section by the host
        services.TryAddSingleton<ProjectStore>();
        services.TryAddSingleton<ProjectService>();
        services.TryAddSingleton<CodingSessionStore>();
        services.TryAddSingleton<CodingSessionService>();
        return services;
    }
}
