namespace Orchestrator.Testing.Telegram;

/// <summary>Settings of a <see cref="FakeBotApiServer"/>. Defaults are as strict as Telegram.</summary>
public sealed record FakeBotApiOptions
{
    /// <summary>The bot's user id (the digits of <see cref="FakeBotApiServer.Token"/>).</summary>
    public long BotId { get; init; } = 7_000_000_001;

    public string BotUsername { get; init; } = "orchestrator_test_bot";

    public string BotFirstName { get; init; } = "Orchestrator Test Bot";

    /// <summary>Flood control; <see cref="FakeRateLimitOptions.Enabled"/> is on by default.</summary>
    public FakeRateLimitOptions RateLimits { get; init; } = new();

    /// <summary>Sending to a chat that never wrote to the bot (and was not added with AddChat) fails with "chat not found".</summary>
    public bool RequireKnownChats { get; init; } = true;

    /// <summary>getFile refuses files larger than this (Telegram: 20 MB for bots).</summary>
    public long MaxDownloadBytes { get; init; } = 20 * 1024 * 1024;

    /// <summary>
    /// Whether the server knows sendMessageDraft (Bot API 9.3+). False: the method answers 404 "Not Found", as an older
    /// self-hosted Bot API server does.
    /// </summary>
    public bool SupportsDrafts { get; init; } = true;

    /// <summary>Clock used for dates, rate limits and the request log.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>Telegram-like flood control: token buckets per chat and globally. Sends and edits count.</summary>
public sealed record FakeRateLimitOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>Messages a private chat may receive at once (default 3).</summary>
    public int PrivateChatBurst { get; init; } = 3;

    /// <summary>Refill rate of a private chat's bucket (default 1 per second).</summary>
    public double PrivateChatPerSecond { get; init; } = 1;

    /// <summary>Messages per minute in a group or supergroup (default 20, also the burst).</summary>
    public int GroupPerMinute { get; init; } = 20;

    /// <summary>Messages per second across all chats (default 30, also the burst).</summary>
    public int GlobalPerSecond { get; init; } = 30;

    /// <summary>Drafts (sendMessageDraft) a private chat may receive at once; drafts have their own bucket (default 3).</summary>
    public int DraftBurst { get; init; } = 3;

    /// <summary>Refill rate of a chat's draft bucket (default 4 per second).</summary>
    public double DraftsPerSecond { get; init; } = 4;

    /// <summary>How much each call made during a ban prolongs it (default 1 s).</summary>
    public TimeSpan BanProlongation { get; init; } = TimeSpan.FromSeconds(1);

    public static FakeRateLimitOptions Disabled { get; } = new() { Enabled = false };
}
