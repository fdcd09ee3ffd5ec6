using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Git;

namespace Orchestrator.Bot.Engines;

public static class GitServiceCollectionExtensions
{
    /// <summary>
    /// Core's worktrees (<see cref="IWorktrees"/>) with the <c>Git</c> section, and the agents' environment policy for
    /// every git process: git runs the repository's hooks, which must not see the bot token any more than an agent may.
    /// </summary>
    public static IServiceCollection AddGit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWorktrees();
        services.AddOptions<WorktreeOptions>()
            .Bind(configuration.GetSection(WorktreeOptions.Section))
            .PostConfigure<AgentEnvironment>((options, environment) =>
                options.EnvironmentPolicy = environment.Policy.WithPassedNames(GitEnvironment.DefaultPolicy.PassedNames));
        return services;
    }
}
