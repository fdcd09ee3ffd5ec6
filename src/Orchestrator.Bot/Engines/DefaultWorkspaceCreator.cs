using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Hosting;

namespace Orchestrator.Bot.Engines;

/// <summary>Creates the default working folder (<c>~/orchestrator-workspace</c>) at start when no folder is configured.</summary>
internal sealed class DefaultWorkspaceCreator(IOptions<AgentsOptions> options, ILogger<DefaultWorkspaceCreator> logger) : IStartupHook
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var agents = options.Value;
        if (agents.UsesDefaultWorkspace && !Directory.Exists(agents.ResolvedDefaultWorkingDirectory))
        {
            Directory.CreateDirectory(agents.ResolvedDefaultWorkingDirectory);
            logger.LogInformation("Created the agents' default working folder {Folder}", agents.ResolvedDefaultWorkingDirectory);
        }

        return Task.CompletedTask;
    }
}
