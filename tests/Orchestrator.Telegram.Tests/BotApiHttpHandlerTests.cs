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

    [Fact]
    public async Task A_json_call_goes_out_with_its_length_not_in_chunks()
    {
        var server = new LengthRecorder();
        using var http = FakeBot.Http(TestTokens.Valid, primary: server);
        var client = BotClientFactory.Create(TestTokens.Valid, "http://stub.invalid", http, new TelegramRetryOptions { MaxRetryAttempts = 0 });

        var sent = await client.SendMessage(42, "hello");

        Assert.Equal(7, sent.Id);
        var (length, body) = Assert.Single(server.Requests);
        Assert.Contains("\"text\":\"hello\"", body, StringComparison.Ordinal);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(body), length);
    }

    /// <summary>Answers sendMessage; records the Content-Length each request arrived with (null: it would be chunked).</summary>
    private sealed class LengthRecorder : HttpMessageHandler
    {
        public List<(long? Length, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var length = request.Content!.Headers.ContentLength;
            Requests.Add((length, await request.Content.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent("""{"ok":true,"result":{"message_id":7,"date":0,"chat":{"id":42,"type":"private"}}}""", System.Text.Encoding.UTF8, "application/json"),
            };
        }
    }

    /// <summary>Fails the way some proxies and handlers do: with the request URL in the message.</summary>
    private sealed class UrlEchoingFailure : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException($"The proxy refused {request.RequestUri}", new IOException($"while sending to {request.RequestUri}"));
    }
}
