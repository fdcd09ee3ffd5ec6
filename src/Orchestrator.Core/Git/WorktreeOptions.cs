using Microsoft.Extensions.Options;
using Orchestrator.Agents.Processes;

namespace Orchestrator.Core.Git;

/// <summary>How git is run for worktrees (configuration section <c>Git</c>).</summary>
public sealed class WorktreeOptions
{
    public const string Section = "Git";

    /// <summary>The git executable (a path, or a name looked up on PATH).</summary>
    public string Command { get; set; } = "git";

    /// <summary>Longest a single git command may run before it is killed (a submodule clone is the slow one).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a command that failed on another process's lock (<c>index.lock</c>, a ref lock) is retried.</summary>
    public TimeSpan LockRetryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most files copied into a new worktree from <c>.worktreeinclude</c> (the rest are skipped, logged).</summary>
    public int IncludeMaxFiles { get; set; } = 10_000;

    /// <summary>Most bytes of a diff's patch kept (<see cref="WorktreeDiff.PatchTruncated"/> beyond; the stats stay whole).</summary>
    public int MaxPatchBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Identity of the bot's commits when the repository has no <c>user.name</c>/<c>user.email</c> configured.</summary>
    public string CommitterName { get; set; } = "Orchestrator Bot";

    /// <inheritdoc cref="CommitterName"/>
    public string CommitterEmail { get; set; } = "orchestrator@localhost";

    /// <summary>Variables set for every git process (e.g. <c>GIT_SSH_COMMAND</c>); the rest of the environment is filtered by the launcher's <see cref="EnvironmentPolicy"/>.</summary>
    public Dictionary<string, string?> Environment { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class WorktreeOptionsValidator : IValidateOptions<WorktreeOptions>
{
    public ValidateOptionsResult Validate(string? name, WorktreeOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Command))
        {
            problems.Add("Git:Command must name the git executable.");
        }

        if (options.CommandTimeout <= TimeSpan.Zero || options.CommandTimeout > TimeSpan.FromHours(1))
        {
            problems.Add("Git:CommandTimeout must be more than 0 and at most 01:00:00.");
        }

        if (options.LockRetryTimeout < TimeSpan.Zero || options.LockRetryTimeout > TimeSpan.FromMinutes(5))
        {
            problems.Add("Git:LockRetryTimeout must be between 00:00:00 and 00:05:00.");
        }

        if (options.IncludeMaxFiles is < 0 or > 1_000_000)
        {
            problems.Add("Git:IncludeMaxFiles must be between 0 and 1000000.");
        }

        if (options.MaxPatchBytes is < 1024 or > 256 * 1024 * 1024)
        {
            problems.Add("Git:MaxPatchBytes must be between 1024 and 268435456.");
        }

        if (string.IsNullOrWhiteSpace(options.CommitterName) || string.IsNullOrWhiteSpace(options.CommitterEmail)
            || options.CommitterEmail.IndexOfAny(['<', '>', '\n']) >= 0 || options.CommitterName.IndexOfAny(['<', '>', '\n']) >= 0)
        {
            problems.Add("Git:CommitterName and Git:CommitterEmail must be set, without '<', '>' or line breaks.");
        }

        foreach (var variable in options.Environment.Keys.Where(EnvironmentPolicy.IsForbiddenName))
        {
            problems.Add($"Git:Environment:{variable} is one of the bot's own settings and is never passed to git.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
