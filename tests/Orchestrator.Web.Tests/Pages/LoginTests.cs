using Microsoft.Playwright;
using Orchestrator.Web.Tests.Harness;

namespace Orchestrator.Web.Tests.Pages;

/// <summary>Signing in: the one-time link from /web lands on the dashboard; a used link and a visitor without a session are told to send /web.</summary>
public sealed class LoginTests : WebBotTest
{
    [Fact]
    public async Task The_link_from_web_signs_the_browser_in_on_the_dashboard_and_a_used_link_says_to_ask_web_again()
    {
        var stranger = await Web.NewPageAsync();
        await stranger.GotoAsync("/");
        await stranger.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
        Assert.Contains("/web", await stranger.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.False(await Dashboard.Nav(stranger, "Agents").IsVisibleAsync());

        var link = await Web.LoginLinkAsync();
        var page = await Web.NewPageAsync();
        await page.GotoAsync(link);
        await WebBot.ScreenshotAsync(page, "login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" }).WaitForAsync();
        Assert.Equal(Web.BaseUrl.GetLeftPart(UriPartial.Authority) + "/", page.Url);
        await page.Locator("#live.on").WaitForAsync(); // the live event stream is connected
        Assert.Equal("0", await page.Locator("#stat-agents").InnerTextAsync());
        await WebBot.ScreenshotAsync(page, "dashboard");

        // The same link again, in another browser: used up, and the page says what to do.
        var late = await Web.NewPageAsync();
        await late.GotoAsync(link);
        await late.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var refusal = late.GetByRole(AriaRole.Alert);
        await refusal.WaitForAsync();
        Assert.Contains("already used or expired", await refusal.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Send /web", await late.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }
}
