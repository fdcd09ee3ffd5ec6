using Orchestrator.Agents.Processes;

namespace Orchestrator.Core.Git;

/// <summary>
/// How a git process is started: the one seam between "run git with these arguments in this folder" and where git
/// runs. Today locally (<see cref="LocalGitLauncher"/>); a project on another machine would get a launcher that wraps
/// the same arguments in <c>ssh host -- git -C folder ...</c>, with no change to <see cref="GitRunner"/> or its callers.
/// </summary>
public interface IGitLauncher
{
    /// <param name="workingDirectory">The folder git runs in.</param>
    /// <param name="arguments">Git's arguments (the subcommand first, or <c>-c</c> settings before it).</param>
    /// <param name="environment">Extra variables for this command only (e.g. <c>GIT_INDEX_FILE</c>).</param>
    ProcessCommand Build(string workingDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null);
}
