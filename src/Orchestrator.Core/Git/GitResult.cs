namespace Orchestrator.Core.Git;

/// <summary>What a git command printed, and how it ended.</summary>
/// <param name="Output">Stdout, decoded as UTF-8 (cut at <see cref="GitRun.MaxOutputBytes"/> when <paramref name="OutputTruncated"/>).</param>
/// <param name="Error">The last lines of stderr.</param>
public sealed record GitResult(int ExitCode, string Output, string Error, bool OutputTruncated = false)
{
    public bool Succeeded => ExitCode == 0;
}
