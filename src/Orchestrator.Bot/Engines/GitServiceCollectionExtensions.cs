using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
        // The policy is asked for at each git start, not while options are built: reading the Telegram options inside
        // the Git options' setup would report a bad token twice at start.
        services.AddSingleton<IGitLauncher>(sp => new LocalGitLauncher(
            sp.GetRequiredService<IOptions<WorktreeOptions>>(),
            () => sp.GetRequiredService<AgentEnvironment>().Policy.WithPassedNames(GitEnvironment.DefaultPolicy.PassedNames)));
        services.AddWorktrees();
        services.AddOptions<WorktreeOptions>().Bind(configuration.GetSection(WorktreeOptions.Section));
        return services;
    }
}
