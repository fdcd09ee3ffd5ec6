using Microsoft.Extensions.Options;
using Orchestrator.Agents.Processes;

namespace Orchestrator.Core.Git;

/// <summary>Runs the local <c>git</c> with <see cref="GitEnvironment"/> and the configured environment.</summary>
/// <param name="policy">
/// Which of the bot's environment variables git (and the hooks it runs) may see, asked at each start; the host passes
/// the agents' policy so the bot token never reaches a repository's hooks. Default: <see cref="GitEnvironment.DefaultPolicy"/>.
/// </param>
public sealed class LocalGitLauncher(IOptions<WorktreeOptions> options, Func<EnvironmentPolicy>? policy = null) : IGitLauncher
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
            .WithOnlyEnvironment((policy?.Invoke() ?? GitEnvironment.DefaultPolicy).ApplyToCurrentProcess(merged));
    }
}
