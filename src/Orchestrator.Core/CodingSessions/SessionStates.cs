namespace Orchestrator.Core.CodingSessions;

/// <summary>
/// The lifecycle: <c>created → running → completed | failed | stopped | waiting_for_user</c>;
/// <c>waiting_for_user → running</c> (follow-up); <c>stopped | failed → running</c> (resume);
/// <c>completed | failed | stopped → archived</c>; <c>archived | completed | failed | stopped → deleted</c>.
/// A turn that ends normally leaves the session <c>waiting_for_user</c> (the agent answered: follow up, or close it).
/// One transition is added to the list, <c>waiting_for_user → completed</c>: it is how a user closes a session
/// (<c>/archive</c> and <c>/delete</c> pass through it); without it a session that answered could never be cleaned up.
/// </summary>
public static class SessionStates
{
    public const string Created = "created";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Stopped = "stopped";
    public const string WaitingForUser = "waiting_for_user";
    public const string Archived = "archived";
    public const string Deleted = "deleted";

    private static readonly Dictionary<string, string[]> Next = new(StringComparer.Ordinal)
    {
        [Created] = [Running, Failed],
        [Running] = [Completed, Failed, Stopped, WaitingForUser],
        [WaitingForUser] = [Running, Completed],
        [Stopped] = [Running, Archived, Deleted],
        [Failed] = [Running, Archived, Deleted],
        [Completed] = [Archived, Deleted],
        [Archived] = [Deleted],
        [Deleted] = [],
    };

    /// <summary>States that count as active (shown by default, counted as a project's active sessions).</summary>
    public static readonly IReadOnlyList<string> Active = [Created, Running, WaitingForUser, Stopped, Failed, Completed];

    public static bool IsActive(string state) => Active.Contains(state);

    public static bool CanMove(string from, string to) => Next.TryGetValue(from, out var next) && next.Contains(to);

    public static string Emoji(string state) => state switch
    {
        Created => "🆕",
        Running => "🏃",
        Completed => "✅",
        Failed => "❌",
        Stopped => "⏹",
        WaitingForUser => "💬",
        Archived => "🗄",
        Deleted => "🗑",
        _ => "❔",
    };

    /// <summary>The commands a user may give a session in <paramref name="state"/>, for refusal messages.</summary>
    public static IReadOnlyList<string> AllowedActions(string state) => state switch
    {
        Created => ["stop"],
        Running => ["stop"],
        WaitingForUser => ["followup", "archive", "delete"],
        Stopped or Failed => ["resume", "archive", "delete"],
        Completed => ["archive", "delete"],
        Archived => ["delete"],
        _ => [],
    };

    /// <summary>"The session a1b2c3 is completed: you can archive or delete it." (or "nothing more can be done").</summary>
    public static string Refusal(string sessionId, string state, string attempted)
    {
        var allowed = AllowedActions(state);
        var then = allowed.Count == 0
            ? "nothing more can be done with it."
            : "you can " + string.Join(" or ", allowed.Select(a => "/" + a)) + " it.";
        return $"Cannot {attempted} session {sessionId}: it is {state.Replace('_', ' ')}; {then}";
    }
}
