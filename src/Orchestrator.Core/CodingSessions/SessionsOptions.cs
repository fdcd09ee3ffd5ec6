namespace Orchestrator.Core.CodingSessions;

/// <summary>The <c>Sessions</c> section.</summary>
public sealed class SessionsOptions
{
    public const string Section = "Sessions";

    /// <summary>
    /// At the end of each turn in a worktree, commit what the agent changed to the session's branch (message: the
    /// turn's first prompt line and the session id), so the branch holds the work and "not merged" means something.
    /// </summary>
    public bool CommitEachTurn { get; set; } = true;
}
