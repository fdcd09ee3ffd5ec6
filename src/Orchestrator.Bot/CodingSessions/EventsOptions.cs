namespace Orchestrator.Bot.CodingSessions;

/// <summary>The <c>Events</c> section.</summary>
public sealed class EventsOptions
{
    public const string Section = "Events";

    /// <summary>A chat (e.g. an admins' group) that receives every control-plane event; null (default) for none.</summary>
    public long? ChatId { get; set; }

    /// <summary>At most this many events in one message (the rest go in the next one).</summary>
    public int MaxPerMessage { get; set; } = 20;
}
