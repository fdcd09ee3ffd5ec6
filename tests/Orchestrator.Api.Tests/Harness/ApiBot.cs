using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Orchestrator.Api.Auth;
using Orchestrator.Api.Hosting;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Core.Credentials;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Api.Tests.Harness;

/// <summary>A browser's session: a client with the session cookie, and the anti-forgery token to send back.</summary>
public sealed record CookieSession(HttpClient Client, CookieContainer Cookies, string CsrfToken);

/// <summary>
/// The real bot (fake Bot API, REAL codex against the fake model) with its HTTP API on a free loopback port.
/// </summary>
public sealed partial class ApiBot : IAsyncDisposable
{
    private readonly List<HttpClient> _clients = [];

    private ApiBot(CodexBot codex, Uri baseUrl)
    {
        Codex = codex;
        BaseUrl = baseUrl;
    }

    public CodexBot Codex { get; }

    public BotHarness Bot => Codex.Bot;

    public FakeBotApiServer Telegram => Codex.Telegram;

    public Uri BaseUrl { get; }

    public static async Task<ApiBot> StartAsync(Action<Dictionary<string, string?>>? settings = null)
    {
        var codex = await CodexBot.StartAsync(settings);
        var addresses = await codex.Bot.Service<ApiServer>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
        return new ApiBot(codex, addresses[0]);
    }

    /// <summary>A token made as /token new would make it.</summary>
    public async Task<string> TokenAsync(long userId, string? name = null) =>
        (await Bot.Service<ApiCredentials>().CreateTokenAsync(userId, name ?? Guid.NewGuid().ToString("N")[..10]))!;

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _clients.Add(client);
        return client;
    }

    /// <summary>The user sends /web in their private chat; returns the link the bot answers with.</summary>
    public async Task<Uri> LoginLinkAsync(long userId)
    {
        var before = Telegram.BotMessages(userId).Select(m => m.MessageId).DefaultIfEmpty(0).Max();
        Telegram.SendText(userId, userId, "/web");
        var answer = await Telegram.WaitForBotMessageAsync(
            userId, m => m.Text.Contains("/login?code=", StringComparison.Ordinal) && m.MessageId > before,
            TimeSpan.FromSeconds(30), "the login link");
        return new Uri(LinkPattern().Match(answer.Text).Value);
    }

    /// <summary>Opens the link's page and presses its button, as a browser would; returns the sign-in response.</summary>
    public async Task<HttpResponseMessage> UseLoginLinkAsync(Uri link, HttpClient browser)
    {
        var page = await browser.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var code = System.Web.HttpUtility.ParseQueryString(link.Query)["code"]!;
        Assert.Contains(code, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        return await browser.PostAsync("/login", new FormUrlEncodedContent([new("code", code)]));
    }

    /// <summary>A browser signed in through /web and its login link.</summary>
    public async Task<CookieSession> SignInAsync(long userId)
    {
        var (browser, cookies) = Browser();
        var response = await UseLoginLinkAsync(await LoginLinkAsync(userId), browser);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var csrf = cookies.GetCookies(BaseUrl)[CookieNames.Csrf]!.Value;
        return new CookieSession(browser, cookies, csrf);
    }

    public (HttpClient Client, CookieContainer Cookies) Browser()
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = BaseUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };
        _clients.Add(client);
        return (client, cookies);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Codex.DisposeAsync();
    }

    [GeneratedRegex(@"http://\S+/login\?code=[A-Za-z0-9_-]+")]
    private static partial Regex LinkPattern();
}
