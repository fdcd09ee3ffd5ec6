namespace Orchestrator.Bot.Access;

/// <summary>
/// The <c>Access:RateLimit</c> section: how many messages (turns and commands) one Telegram user may send. A token
/// bucket: <see cref="Burst"/> messages back to back, refilled at <see cref="PerMinute"/>. The defaults are above a
/// person's pace (nobody types more than 10 requests in a row or one every 2 s for long) and hold a script or a stuck
/// client to 30 turns a minute, each of which may start an agent process and a paid model call.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Access:RateLimit";

    /// <summary>Messages a user may send back to back (the bucket's size).</summary>
    public int Burst { get; set; } = 10;

    /// <summary>Messages a user may send per minute over time (the bucket's refill rate).</summary>
    public int PerMinute { get; set; } = 30;
}
