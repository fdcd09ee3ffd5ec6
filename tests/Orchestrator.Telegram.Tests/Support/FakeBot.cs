using Orchestrator.Telegram.Resilience;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Telegram.Tests.Support;

/// <summary>A started <see cref="FakeBotApiServer"/> plus a real <see cref="TelegramBotClient"/> pointed at it.</summary>
internal sealed class FakeBot : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Retries with tiny backoff delays so tests stay fast (429 waits stay exact).</summary>
    public static readonly TelegramRetryOptions FastRetry = new() { BaseDelay = TimeSpan.FromMilliseconds(10), UseJitter = false };

    private FakeBot(FakeBotApiServer server, TelegramBotClient client) => (Server, Client) = (server, client);

    public FakeBotApiServer Server { get; }

    public TelegramBotClient Client { get; }

    /// <summary>Starts a fake with rate limits off (unless <paramref name="options"/> says otherwise) and a client using <paramref name="retry"/>.</summary>
    public static async Task<FakeBot> StartAsync(
        FakeBotApiOptions? options = null, TelegramRetryOptions? retry = null, bool noRetry = false, TimeSpan? requestTimeout = null)
    {
        var server = await FakeBotApiServer.StartAsync(options ?? new FakeBotApiOptions { RateLimits = FakeRateLimitOptions.Disabled });
        var client = new TelegramBotClient(new TelegramBotClientOptions(server.Token, server.BaseUrl)
        {
            Retry = noRetry ? null : retry ?? FastRetry,
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(30),
        });
        return new FakeBot(server, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
