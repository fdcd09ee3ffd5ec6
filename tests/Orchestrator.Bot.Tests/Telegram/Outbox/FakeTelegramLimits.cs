namespace Orchestrator.Bot.Tests.Telegram.Outbox;

/// <summary>The limits <see cref="FakeTelegramBotClient"/> enforces, like Telegram's but scaled down for fast tests.</summary>
internal sealed record FakeTelegramLimits
{
    /// <summary>Private chats: a token bucket of <see cref="PrivateBurst"/> calls refilled one per interval.</summary>
    public TimeSpan PrivateInterval { get; init; } = TimeSpan.FromSeconds(1);

    public int PrivateBurst { get; init; } = 3;

    /// <summary>Groups (negative chat ids): at most this many calls in any <see cref="GroupWindow"/>.</summary>
    public int GroupPerWindow { get; init; } = 20;

    public TimeSpan GroupWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>All calls: at most this many in any <see cref="GlobalWindow"/>.</summary>
    public int GlobalPerWindow { get; init; } = 30;

    public TimeSpan GlobalWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long each answer takes to come back after the call was received (network latency; default none).</summary>
    public TimeSpan AnswerDelay { get; init; } = TimeSpan.Zero;
}
