using Microsoft.Playwright;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Web.Tests.Harness;

namespace Orchestrator.Web.Tests.Pages;

/// <summary>The chat page against the real codex (fake model): streaming, the [Web] echo, Telegram prompts live, Stop.</summary>
public sealed class ChatTests : WebBotTest
{
    [Fact]
    public async Task An_agent_created_on_the_page_streams_its_answer_as_it_is_written_and_the_prompt_reaches_Telegram_as_Web()
    {
        var rest = new TaskCompletionSource();
        Web.Model.Enqueue(FakeResponse.Streamed("Hello ", "from **codex**.\n\n```sh\nls -la <b>\n```\n").WithGateBefore(1, rest.Task));
        var page = await Web.SignedInPageAsync();
        await Dashboard.CreateAgentAndOpenChatAsync(page, "webby");
        await WebBot.ScreenshotAsync(page, "chat-empty");

        await Dashboard.Composer(page).FillAsync("Say hello");
        await Dashboard.SendButton(page).ClickAsync();
        await Web.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text == "[Web] Say hello", WebBot.Timeout, "the [Web] echo");

        // The first piece is on the page while the model still holds the rest: it streams.
        var turn = Dashboard.Turn(page, "Say hello");
        var answer = turn.Locator(".answer");
        await answer.GetByText("Hello").WaitForAsync();
        Assert.Equal("true", await answer.GetAttributeAsync("aria-busy"));
        Assert.DoesNotContain("codex", await answer.InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#stop").WaitForAsync(); // Stop shows while the turn runs
        await page.Locator("#activity").GetByText("✍️ Writing…").WaitForAsync(); // the activity Telegram shows, from turn.activity

        rest.SetResult();
        await answer.Locator("strong", new() { HasText = "codex" }).WaitForAsync();
        await answer.Locator("pre.code code").GetByText("ls -la <b>").WaitForAsync(); // Markdown rendered, HTML kept as text
        Assert.Equal(0, await answer.Locator("b").CountAsync());
        await page.Locator("#stop").WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        Assert.Equal("false", await answer.GetAttributeAsync("aria-busy"));
        Assert.Equal("", (await page.Locator("#activity").InnerTextAsync()).Trim());
        Assert.Contains("Web", await turn.Locator(".origin").InnerTextAsync(), StringComparison.Ordinal);
        await WebBot.ScreenshotAsync(page, "chat");

        // After a reload the history marks the turn as sent from the web, with the whole answer.
        await page.ReloadAsync();
        await Dashboard.Turn(page, "Say hello").Locator(".answer strong", new() { HasText = "codex" }).WaitForAsync();
        Assert.Contains("Web", await Dashboard.Turn(page, "Say hello").Locator(".origin").InnerTextAsync(), StringComparison.Ordinal);

        // The same on a phone-sized screen, for the docs.
        var phone = await Web.SignedInPageAsync(390, 844);
        await phone.GotoAsync(page.Url);
        await Dashboard.Turn(phone, "Say hello").WaitForAsync();
        await WebBot.ScreenshotAsync(phone, "chat-phone");
    }

    [Fact]
    public async Task A_prompt_typed_in_Telegram_appears_live_on_the_page_and_Stop_ends_the_running_turn()
    {
        Web.Model.Enqueue(FakeResponse.Streamed("Counting the files", " — done.").WithGateBefore(1, new TaskCompletionSource().Task));
        var page = await Web.SignedInPageAsync();
        await Dashboard.CreateAgentAndOpenChatAsync(page, "phone");

        Web.Codex.Say("Count the files");
        var turn = Dashboard.Turn(page, "Count the files");
        await turn.WaitForAsync();
        Assert.Contains("Telegram", await turn.Locator(".origin").InnerTextAsync(), StringComparison.Ordinal);
        await turn.Locator(".answer").GetByText("Counting the files").WaitForAsync();

        await page.Locator("#stop").ClickAsync();
        await turn.Locator(".turn-status.interrupted").WaitForAsync();
        await page.Locator("#stop").WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        Assert.DoesNotContain("done", await turn.Locator(".answer").InnerTextAsync(), StringComparison.Ordinal);

        // The events page has the turn, live and filterable.
        await Dashboard.Nav(page, "Events").ClickAsync();
        await page.Locator(".event[data-kind='turn.ended']").First.WaitForAsync();
        await page.GetByLabel("Kind").FillAsync("turn.started");
        await page.Locator(".event[data-kind='turn.ended']").First.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        Assert.True(await page.Locator(".event[data-kind='turn.started']").First.IsVisibleAsync());
        await page.GetByLabel("Kind").FillAsync("");
        await WebBot.ScreenshotAsync(page, "events");
    }
}
