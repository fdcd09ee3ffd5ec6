namespace Orchestrator.Core.Git;

/// <summary>How one git command is run.</summary>
/// <param name="Environment">Extra variables for this command (e.g. <c>GIT_INDEX_FILE</c>).</param>
/// <param name="AllowedExitCodes">Exit codes other than 0 that are answers, not failures (e.g. 1 of <c>diff --quiet</c>).</param>
/// <param name="MaxOutputBytes">Stdout beyond this is read and dropped.</param>
/// <param name="RetryOnLock">Whether a failure on another process's lock file is retried (only for commands that are safe to repeat).</param>
/// <param name="Check">False: a failure comes back as a result instead of a <see cref="GitException"/>.</param>
public sealed record GitRun(
    IReadOnlyDictionary<string, string?>? Environment = null,
    IReadOnlyList<int>? AllowedExitCodes = null,
    int MaxOutputBytes = 64 * 1024 * 1024,
    bool RetryOnLock = true,
    bool Check = true)
{
    public static readonly GitRun Default = new();
}
