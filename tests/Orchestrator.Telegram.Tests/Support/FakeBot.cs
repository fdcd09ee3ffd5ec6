using Orchestrator.Telegram.Resilience;
using Orchestrator.Telegram.Transport;
using Orchestrator.Testing.Telegram;

using Telegram.Bot;

namespace Orchestrator.Telegram.Tests.Support;

/// <summary>A started <see cref="FakeBotApiServer"/> plus the product's client stack (<see cref="BotClientFactory"/>) pointed at it.</summary>
internal sealed class FakeBot : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Retries with tiny backoff delays so tests stay fast (429 waits stay exact).</summary>
    public static readonly TelegramRetryOptions FastRetry = new() { BaseDelay = TimeSpan.FromMilliseconds(10), UseJitter = false };

    private readonly HttpClient http;

    private FakeBot(FakeBotApiServer server, ITelegramBotClient client, HttpClient http) => (Server, Client, this.http) = (server, client, http);

    public FakeBotApiServer Server { get; }

    public ITelegramBotClient Client { get; }

    /// <summary>Starts a fake with rate limits off (unless <paramref name="options"/> says otherwise) and a client using <paramref name="retry"/>.</summary>
    public static async Task<FakeBot> StartAsync(
        FakeBotApiOptions? options = null, TelegramRetryOptions? retry = null, bool noRetry = false, TimeSpan? requestTimeout = null)
    {
        var server = await FakeBotApiServer.StartAsync(options ?? new FakeBotApiOptions { RateLimits = FakeRateLimitOptions.Disabled });
        var http = Http(server.Token, new BotApiTransportOptions { RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(30) });
        var client = BotClientFactory.Create(server.Token, server.BaseUrl, http, noRetry ? new TelegramRetryOptions { MaxRetryAttempts = 0 } : retry ?? FastRetry);
        return new FakeBot(server, client, http);
    }

    /// <summary>An HttpClient as the product builds it: <see cref="BotApiHttpHandler"/> over <paramref name="primary"/> (default: sockets).</summary>
    public static HttpClient Http(string token, BotApiTransportOptions? transport = null, HttpMessageHandler? primary = null) =>
        new(new BotApiHttpHandler(token, transport ?? new BotApiTransportOptions()) { InnerHandler = primary ?? new SocketsHttpHandler() })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await Server.DisposeAsync();
    }
}
