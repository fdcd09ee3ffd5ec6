using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orchestrator.Core.Git;

public static class WorktreesServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IWorktrees"/> over the local git, with <see cref="WorktreeOptions"/> validated on start. The host binds
    /// the options to the <c>Git</c> section; a host that filters git's environment its own way, or reaches git
    /// elsewhere, registers its own <see cref="IGitLauncher"/> first.
    /// </summary>
    public static IServiceCollection AddWorktrees(this IServiceCollection services)
    {
        services.AddOptions<WorktreeOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorktreeOptions>, WorktreeOptionsValidator>());
        services.TryAddSingleton<IGitLauncher, LocalGitLauncher>();
        services.TryAddSingleton<GitRunner>();
        services.TryAddSingleton<IWorktrees, Worktrees>();
        return services;
    }
}
