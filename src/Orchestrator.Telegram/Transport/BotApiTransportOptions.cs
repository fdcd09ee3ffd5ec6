namespace Orchestrator.Telegram.Transport;

/// <summary>Timeouts of <see cref="BotApiHttpHandler"/>.</summary>
public sealed record BotApiTransportOptions
{
    /// <summary>Timeout of one call other than getUpdates (default 30 s).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest long-poll timeout getUpdates is called with (default 30 s).</summary>
    public TimeSpan LongPollTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long getUpdates may take beyond its long-poll timeout before it counts as failed (default 15 s).</summary>
    public TimeSpan LongPollGrace { get; init; } = TimeSpan.FromSeconds(15);
}
