using Microsoft.Playwright;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Testing.Telegram;
using Orchestrator.Web.Tests.Harness;

namespace Orchestrator.Web.Tests.Pages;

/// <summary>
/// Images in the chat: file picker, drop and paste, previews, per-image progress, Send held while uploading, clear
/// refusals, storage, and the images of turns sent from Telegram as thumbnails.
/// </summary>
public sealed class ImageTests : WebBotTest
{
    [Fact]
    public async Task Images_from_the_file_picker_and_a_drop_preview_upload_with_progress_and_are_stored_under_the_agents_web_folder()
    {
        Web.Model.Enqueue(FakeResponse.Text("Two pixels, both tiny."));
        var page = await Web.SignedInPageAsync();
        var agentId = await Dashboard.CreateAgentAndOpenChatAsync(page, "eyes");

        // Refused at once, with a reason: not an image, too big.
        await page.Locator("#image-input").SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "hello"u8.ToArray() });
        await page.Locator("#composer-error").GetByText("notes.txt is not an image.").WaitForAsync();
        await page.Locator("#image-input").SetInputFilesAsync(new FilePayload { Name = "huge.png", MimeType = "image/png", Buffer = new byte[9 * 1024 * 1024] });
        await page.Locator("#composer-error").GetByText("at most 8 MB").WaitForAsync();

        // The upload is held on its way: Send waits for it, and the image shows a preview and its progress.
        var held = new TaskCompletionSource();
        await page.RouteAsync("**/api/v1/images", async route =>
        {
            await held.Task;
            await route.ContinueAsync();
        });
        await page.Locator("#image-input").SetInputFilesAsync(new FilePayload { Name = "first.png", MimeType = "image/png", Buffer = Dashboard.Png });
        var first = page.Locator(".attachment").Nth(0);
        await first.Locator("img.thumb").WaitForAsync();
        Assert.True(await Dashboard.SendButton(page).IsDisabledAsync());
        Assert.Equal("Uploading…", await Dashboard.SendButton(page).InnerTextAsync());
        Assert.NotNull(await first.Locator("progress").GetAttributeAsync("aria-label"));
        held.SetResult();
        await page.Locator(".attachment.uploaded").First.WaitForAsync();
        Assert.Equal("100", await first.Locator("progress").EvaluateAsync<string>("p => String(p.value)"));
        await page.UnrouteAsync("**/api/v1/images");

        // A second image dropped on the chat.
        await page.EvaluateAsync(
            """
            async (base64) => {
              const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
              const data = new DataTransfer();
              data.items.add(new File([bytes], "dropped.png", { type: "image/png" }));
              document.querySelector(".chat").dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
            }
            """,
            Convert.ToBase64String(Dashboard.Png));
        await page.Locator(".attachment.uploaded").Nth(1).WaitForAsync();
        Assert.False(await Dashboard.SendButton(page).IsDisabledAsync());
        await WebBot.ScreenshotAsync(page, "chat-images");

        // Both files are stored under the agent's web folder.
        var folder = Path.Combine(Web.Bot.DataDirectory, "images", agentId, "web");
        Assert.Equal(2, Directory.GetFiles(folder, "*.png").Length);

        // The prompt preview shows exactly what the agent receives: the text and one marker per image.
        await Dashboard.Composer(page).FillAsync("What is in these?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        var preview = await page.Locator("#preview-prompt").InnerTextAsync();
        Assert.StartsWith("What is in these?", preview, StringComparison.Ordinal);
        Assert.Equal(2, preview.Split("[Image attached: ").Length - 1);
        await WebBot.ScreenshotAsync(page, "prompt-preview");
        await page.Keyboard.PressAsync("Escape");
        await page.GetByRole(AriaRole.Dialog).WaitForAsync(new() { State = WaitForSelectorState.Hidden });

        await Dashboard.SendButton(page).ClickAsync();
        var echo = await Web.Telegram.WaitForBotMessageAsync(
            BotHarness.OwnerId, m => m.Text.StartsWith("[Web] What is in these?", StringComparison.Ordinal), WebBot.Timeout, "the [Web] echo");
        Assert.Contains($"/images/{agentId}/web/", echo.Text, StringComparison.Ordinal);
        var turn = Dashboard.Turn(page, "What is in these?");
        await turn.Locator(".answer").GetByText("Two pixels, both tiny.").WaitForAsync();
        Assert.Equal(2, await turn.Locator(".bubble.user img.thumb").CountAsync()); // the markers as thumbnails
        Assert.Equal(0, await page.Locator(".attachment").CountAsync());

        // A thumbnail opens in the lightbox.
        await turn.Locator(".bubble.user .thumb-button").First.ClickAsync();
        await page.GetByRole(AriaRole.Dialog).Locator("img.lightbox-image").WaitForAsync();
        Assert.True(await page.Locator("img.lightbox-image").EvaluateAsync<bool>("i => i.complete && i.naturalWidth === 1"));
    }

    [Fact]
    public async Task An_image_pasted_into_the_message_box_is_attached_with_a_preview_and_goes_to_the_agent_with_the_prompt()
    {
        Web.Model.Enqueue(FakeResponse.Text("It is a single pixel."));
        var page = await Web.SignedInPageAsync();
        var agentId = await Dashboard.CreateAgentAndOpenChatAsync(page, "paster");

        await Dashboard.Composer(page).FocusAsync();
        var handled = await page.EvaluateAsync<bool>(
            """
            (base64) => {
              const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
              const data = new DataTransfer();
              data.items.add(new File([bytes], "image.png", { type: "image/png" }));
              const paste = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
              document.activeElement.dispatchEvent(paste);
              return paste.defaultPrevented;
            }
            """,
            Convert.ToBase64String(Dashboard.Png));
        Assert.True(handled, "the page takes the pasted image (and keeps the browser from pasting it as text)");

        var attachment = page.Locator(".attachment");
        await attachment.Locator("img.thumb").WaitForAsync();
        await page.Locator(".attachment.uploaded").WaitForAsync();
        Assert.Equal(1, await attachment.CountAsync());
        Assert.Equal("", await Dashboard.Composer(page).InputValueAsync()); // nothing pasted as text

        await Dashboard.Composer(page).FillAsync("What did I paste?");
        await Dashboard.SendButton(page).ClickAsync();
        var echo = await Web.Telegram.WaitForBotMessageAsync(
            BotHarness.OwnerId, m => m.Text.StartsWith("[Web] What did I paste?", StringComparison.Ordinal), WebBot.Timeout, "the [Web] echo");
        Assert.Contains($"/images/{agentId}/web/", echo.Text, StringComparison.Ordinal);
        var turn = Dashboard.Turn(page, "What did I paste?");
        await turn.Locator(".answer").GetByText("It is a single pixel.").WaitForAsync();
        Assert.Equal(1, await turn.Locator(".bubble.user img.thumb").CountAsync());

        // The model got the pasted bytes as the prompt's image.
        var request = Assert.Single(Web.Model.Requests);
        var url = Assert.Single(request.InputImageUrls);
        Assert.Equal(Dashboard.Png, Convert.FromBase64String(url[(url.IndexOf(',', StringComparison.Ordinal) + 1)..]));
    }

    [Fact]
    public async Task A_photo_sent_in_Telegram_shows_as_a_thumbnail_live_and_in_the_history_and_opens_in_the_lightbox()
    {
        Web.Model.Enqueue(FakeResponse.Text("A tiny picture."));
        var page = await Web.SignedInPageAsync();
        await Dashboard.CreateAgentAndOpenChatAsync(page, "viewer");

        Web.Telegram.SendPhoto(BotHarness.OwnerId, BotHarness.OwnerId, "AgACAgIAAxkBAAIwebphoto", Dashboard.Png, new FakeMediaMessage { Caption = "What is on it?" });

        var turn = Dashboard.Turn(page, "What is on it?");
        await turn.Locator(".answer").GetByText("A tiny picture.").WaitForAsync();
        await turn.Locator(".bubble.user img.thumb").WaitForAsync(); // live: the page asked the history for the turn's images
        Assert.Contains("Telegram", await turn.Locator(".origin").InnerTextAsync(), StringComparison.Ordinal);

        // Another browser (no upload of its own to know the marker by) sees it in the history.
        var other = await Web.SignedInPageAsync();
        await other.GotoAsync(page.Url);
        var inHistory = Dashboard.Turn(other, "What is on it?");
        await inHistory.Locator(".bubble.user img.thumb").WaitForAsync();
        Assert.Equal(0, await inHistory.Locator(".image-chip").CountAsync());
        await WebBot.ScreenshotAsync(other, "chat-telegram-photo");

        await inHistory.Locator(".bubble.user .thumb-button").ClickAsync();
        await other.GetByRole(AriaRole.Dialog).Locator("img.lightbox-image").WaitForAsync();
        Assert.True(await other.Locator("img.lightbox-image").EvaluateAsync<bool>("i => i.complete && i.naturalWidth === 1"));
    }
}
