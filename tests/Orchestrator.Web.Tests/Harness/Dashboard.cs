using Microsoft.Playwright;

namespace Orchestrator.Web.Tests.Harness;

/// <summary>What a user does on the dashboard, in the words of the page (roles and labels, as a screen reader finds them).</summary>
public static class Dashboard
{
    /// <summary>A 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /// <summary>Creates an agent on the Agents page and opens its chat; returns the agent's id.</summary>
    public static async Task<string> CreateAgentAndOpenChatAsync(IPage page, string name)
    {
        await Nav(page, "Agents").ClickAsync();
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create agent" }).ClickAsync();
        await page.Locator("#agent-message").GetByText($"{name} is ready").WaitForAsync();
        var link = page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
        var href = await link.GetAttributeAsync("href");
        await link.ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = name }).WaitForAsync();
        return Uri.UnescapeDataString(href!["#/chat/".Length..]);
    }

    /// <summary>A link of the main navigation.</summary>
    public static ILocator Nav(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public static ILocator Composer(IPage page) => page.GetByLabel("Message", new() { Exact = true });

    public static ILocator SendButton(IPage page) => page.Locator("#send");

    /// <summary>The (first) approval request card of the chat, found as a screen reader finds it: a region named "Approval needed: …".</summary>
    public static ILocator Approval(IPage page) =>
        page.GetByRole(AriaRole.Region, new() { Name = "Approval needed" }).First;

    /// <summary>Opens the chat of the agent named <paramref name="name"/> from the Agents page.</summary>
    public static async Task OpenChatAsync(IPage page, string name)
    {
        await Nav(page, "Agents").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = name }).WaitForAsync();
    }

    /// <summary>The turn of the chat whose prompt shows <paramref name="prompt"/>.</summary>
    public static ILocator Turn(IPage page, string prompt) =>
        page.Locator(".turn").Filter(new() { Has = page.Locator(".bubble.user").GetByText(prompt) });
}
