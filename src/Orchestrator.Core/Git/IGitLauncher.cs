using Microsoft.Extensions.Options;
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

/// <summary>Runs the local <c>git</c> with <see cref="GitEnvironment"/> and the configured environment.</summary>
public sealed class LocalGitLauncher(IOptions<WorktreeOptions> options) : IGitLauncher
{
    /// <summary>Settings on every command: paths printed as they are (no octal quoting), no pager.</summary>
    private static readonly string[] CommonArguments = ["--no-pager", "-c", "core.quotepath=off"];

    public ProcessCommand Build(string workingDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var settings = options.Value;
        IEnumerable<KeyValuePair<string, string?>> variables = settings.Environment;
        variables = variables.Concat(GitEnvironment.Fixed);
        if (environment is not null)
        {
            variables = variables.Concat(environment);
        }

        // Later entries win: the fixed variables over the configured ones, the command's own over both.
        var merged = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            merged[name] = value;
        }

        return new ProcessCommand(settings.Command)
            .WithArguments([.. CommonArguments, .. arguments])
            .WithWorkingDirectory(workingDirectory)
            .WithOnlyEnvironment(settings.EnvironmentPolicy.ApplyToCurrentProcess(merged));
    }
}
