namespace Orchestrator.Core.CodingSessions;

/// <summary>
/// What a session does. <c>analyze</c> and <c>review</c> only read: no worktree, the agent runs in the project's checkout
/// read-only (Codex sandbox <c>read-only</c>, Claude <c>--permission-mode plan</c>). <c>implement</c> and <c>plan</c> get
/// a worktree on a branch of their own.
/// </summary>
public static class SessionActions
{
    public const string Analyze = "analyze";
    public const string Review = "review";
    public const string Implement = "implement";
    public const string Plan = "plan";

    public static readonly IReadOnlyList<string> All = [Analyze, Review, Implement, Plan];

    public static bool IsKnown(string action) => All.Contains(action);

    public static bool UsesWorktree(string action) => action is Implement or Plan;

    /// <summary>The prompt of the session's first turn: the task, framed by the action.</summary>
    public static string FirstPrompt(string action, string task) => action switch
    {
        Analyze => $"Analyze the following in this repository and report your findings. Do not change any file.\n\n{task}",
        Review => $"Review the following in this repository (code quality, bugs, risks) and report. Do not change any file.\n\n{task}",
        Plan => $"Write a step-by-step implementation plan in Markdown for the following task. Do not change any file yet.\n\n{task}",
        _ => task,
    };
}
