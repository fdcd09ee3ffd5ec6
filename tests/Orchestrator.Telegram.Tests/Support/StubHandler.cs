using System.Net;
using System.Text;

using Orchestrator.Telegram.Resilience;

using Telegram.Bot;

namespace Orchestrator.Telegram.Tests.Support;

/// <summary>An HttpMessageHandler answering every request with a fixed status and body, recording the requests.</summary>
internal sealed class StubHandler(HttpStatusCode status, string body, string contentType = "application/json") : HttpMessageHandler
{
    public List<(Uri Uri, string Body)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.RequestUri!, content));
        return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };
    }

    /// <summary>The product's client stack over <paramref name="handler"/>, without retries.</summary>
    public static ITelegramBotClient Client(StubHandler handler, string token = TestTokens.Valid) =>
        BotClientFactory.Create(token, "http://stub.invalid", FakeBot.Http(token, primary: handler), new TelegramRetryOptions { MaxRetryAttempts = 0 });
}

internal static class TestTokens
{
    public const string Valid = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_x";
}
