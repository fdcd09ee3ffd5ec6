using Orchestrator.Telegram.Tests.Support;
using Orchestrator.Telegram.Resilience;

using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace Orchestrator.Telegram.Tests;

/// <summary>
/// Telegram.Bot copies the message of whatever the HTTP stack throws into its RequestException and keeps the original
/// as InnerException; every Bot API URL contains the token. BotApiHttpHandler keeps the token out of both.
/// </summary>
public sealed class BotApiHttpHandlerTests
{
    [Fact]
    public async Task A_transport_failure_that_names_the_url_reaches_the_caller_without_the_token()
    {
        using var http = FakeBot.Http(TestTokens.Valid, primary: new UrlEchoingFailure());
        var client = BotClientFactory.Create(TestTokens.Valid, "http://stub.invalid", http, new TelegramRetryOptions { MaxRetryAttempts = 0 });

        var ex = await Assert.ThrowsAsync<RequestException>(() => client.GetMe());

        var secret = TestTokens.Valid.Split(':')[1];
        Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("getMe failed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("http://stub.invalid/bot<token>/getMe", ex.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Fails the way some proxies and handlers do: with the request URL in the message.</summary>
    private sealed class UrlEchoingFailure : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException($"The proxy refused {request.RequestUri}", new IOException($"while sending to {request.RequestUri}"));
    }
}
