using Microsoft.Extensions.Options;
using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Sessions.Commands;
using Orchestrator.Core.Projects;

namespace Orchestrator.Bot.Projects;

/// <summary>
/// The core's question "may this folder be a project?" answered with the agents' folder policy: inside
/// <c>Agents:AllowedRoots</c> after resolving symbolic links, relative paths from <c>Agents:DefaultWorkingDirectory</c>.
/// </summary>
public sealed class ProjectPathPolicy(FolderPolicy folders, IOptions<AgentsOptions> options) : IProjectPathPolicy
{
    public ProjectPathVerdict Check(string requested)
    {
        var check = folders.Check(requested, options.Value.ResolvedDefaultWorkingDirectory);
        return check.Folder is { } folder ? ProjectPathVerdict.Allowed(folder) : ProjectPathVerdict.Refused(check.Problem ?? "That folder cannot be used.");
    }
}
