using Microsoft.Extensions.Options;

using Orchestrator.Bot.Telegram.Outbox;

namespace Orchestrator.Bot.Tests.Telegram.Outbox;

/// <summary>An outbox over a <see cref="FakeTelegramBotClient"/>, both scaled down to milliseconds (real time).</summary>
internal sealed class OutboxFixture : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public OutboxFixture(Action<OutboxOptions>? configure = null, FakeTelegramLimits? limits = null)
    {
        Options = new OutboxOptions
        {
            PrivateChatInterval = Interval,
            GroupMessagesPerMinute = 10,
            GroupWindow = TimeSpan.FromSeconds(1),
            GlobalMessagesPerSecond = 25,
            GlobalWindow = TimeSpan.FromMilliseconds(500),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            IdleTimeout = TimeSpan.FromMilliseconds(200),
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(Options);
        Telegram = new FakeTelegramBotClient(limits ?? new FakeTelegramLimits
        {
            PrivateInterval = Interval,
            PrivateBurst = 3,
            GroupPerWindow = 12,
            GroupWindow = TimeSpan.FromSeconds(1),
            GlobalPerWindow = 30,
            GlobalWindow = TimeSpan.FromMilliseconds(500),
        });
        Outbox = new TelegramOutbox(Telegram, Microsoft.Extensions.Options.Options.Create(Options), Logger, TimeProvider.System);
    }

    public OutboxOptions Options { get; }

    public FakeTelegramBotClient Telegram { get; }

    public RecordingLogger<TelegramOutbox> Logger { get; } = new();

    public TelegramOutbox Outbox { get; }

    public static OutgoingContent Html(string html) => new(html, System.Net.WebUtility.HtmlDecode(html.Replace("<b>", "").Replace("</b>", "")));

    public ValueTask DisposeAsync() => Outbox.DisposeAsync();
}

internal static class TaskTimeouts
{
    /// <summary>Every await on the outbox gets a generous bound so a bug fails the test instead of hanging it.</summary>
    public static Task<T> Within<T>(this Task<T> task, int seconds = 10) => task.WaitAsync(TimeSpan.FromSeconds(seconds));

    public static Task Within(this Task task, int seconds = 10) => task.WaitAsync(TimeSpan.FromSeconds(seconds));
}
