using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Orchestrator.Api.Hosting;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Web.Tests.Harness;

/// <summary>
/// The real bot (fake Bot API, REAL codex against the fake model) with its HTTP API and dashboard on a free loopback
/// port, and a headless Debian chromium driven by Playwright. Every test gets its own bot, browser and data folder.
/// </summary>
public sealed partial class WebBot : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private WebBot(CodexBot codex, Uri baseUrl, IPlaywright playwright, IBrowser browser)
    {
        Codex = codex;
        BaseUrl = baseUrl;
        _playwright = playwright;
        _browser = browser;
    }

    public CodexBot Codex { get; }

    public BotHarness Bot => Codex.Bot;

    public FakeBotApiServer Telegram => Codex.Telegram;

    public FakeResponsesServer Model => Codex.Model;

    public Uri BaseUrl { get; }

    public static async Task<WebBot> StartAsync()
    {
        var codex = await CodexBot.StartAsync(s => s["Web:Urls"] = "http://127.0.0.1:0");
        try
        {
            var addresses = await codex.Bot.Service<ApiServer>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
            var playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium.Path,
                Headless = true,
                Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
                Timeout = 60_000,
            });
            return new WebBot(codex, addresses[0], playwright, browser);
        }
        catch
        {
            await codex.DisposeAsync();
            throw;
        }
    }

    /// <summary>The user sends /web in their private chat; returns the one-time link the bot answers with.</summary>
    public async Task<string> LoginLinkAsync(long userId = BotHarness.OwnerId)
    {
        var before = Telegram.BotMessages(userId).Select(m => m.MessageId).DefaultIfEmpty(0).Max();
        Telegram.SendText(userId, userId, "/web");
        var answer = await Telegram.WaitForBotMessageAsync(
            userId, m => m.MessageId > before && m.Text.Contains("/login?code=", StringComparison.Ordinal), Timeout, "the login link");
        return LinkPattern().Match(answer.Text).Value;
    }

    /// <summary>A new browser page (its own cookies) at 1280×900, with a default timeout fit for a loaded machine.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    /// <summary>A page signed in as the owner through /web and its link: it lands on the dashboard.</summary>
    public async Task<IPage> SignedInPageAsync(int width = 1280, int height = 900)
    {
        var page = await NewPageAsync(width, height);
        await page.GotoAsync(await LoginLinkAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" }).WaitForAsync();
        return page;
    }

    /// <summary>Saves a screenshot as test output (TestResults/screenshots/NAME.png, not committed).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")).FullName;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = false });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await Codex.DisposeAsync();
    }

    [GeneratedRegex(@"http://\S+/login\?code=[A-Za-z0-9_-]+")]
    private static partial Regex LinkPattern();
}
