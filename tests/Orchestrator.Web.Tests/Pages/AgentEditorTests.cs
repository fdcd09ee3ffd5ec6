using Microsoft.Playwright;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Web.Tests.Harness;

namespace Orchestrator.Web.Tests.Pages;

/// <summary>The agent editor on the Agents page: the same settings and state-aware resets as the Telegram commands.</summary>
public sealed class AgentEditorTests : IAsyncLifetime
{
    private WebBot _web = null!;

    public async Task InitializeAsync() => _web = await WebBot.StartAsync();

    public async Task DisposeAsync() => await _web.DisposeAsync();

    [Fact]
    public async Task Changing_the_model_says_before_and_after_saving_that_a_new_session_starts_and_the_next_prompt_uses_it()
    {
        _web.Model.Enqueue(FakeResponse.Text("First answer."), FakeResponse.Text("Second answer."));
        var page = await _web.SignedInPageAsync();
        await Dashboard.CreateAgentAndOpenChatAsync(page, "tuner");
        await Dashboard.Composer(page).FillAsync("remember the word apricot");
        await Dashboard.SendButton(page).ClickAsync();
        await Dashboard.Turn(page, "remember the word apricot").Locator(".answer").GetByText("First answer.").WaitForAsync(); // it has a session now

        await Dashboard.Nav(page, "Agents").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit tuner" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Model").WaitForAsync();
        Assert.Equal("tuner", await dialog.GetByLabel("Name").InputValueAsync());
        Assert.True(await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).IsDisabledAsync()); // nothing changed yet
        Assert.Equal("", (await dialog.Locator("#edit-warning").InnerTextAsync()).Trim());

        // The models offered are the engine's (GET /engines); pick one that is not the current one.
        var models = await dialog.GetByLabel("Model").Locator("option").EvaluateAllAsync<string[]>("os => os.map(o => o.value).filter(v => v)");
        Assert.NotEmpty(models);
        var model = models[^1];
        await dialog.GetByLabel("Model").SelectOptionAsync(model);
        await dialog.Locator(".avatar-picker label", new() { HasText = "🦊" }).ClickAsync();
        Assert.True(await dialog.GetByRole(AriaRole.Radio, new() { Name = "🦊" }).IsCheckedAsync());
        await dialog.Locator("#edit-warning").GetByText("starts a new session").WaitForAsync(); // said before saving
        Assert.Contains("model", await dialog.Locator("#edit-warning").InnerTextAsync(), StringComparison.Ordinal);
        await WebBot.ScreenshotAsync(page, "agent-editor");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        var notice = page.Locator("#agents-notice");
        await notice.GetByText("new session").WaitForAsync(); // the API's notice, after saving
        var row = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "tuner", Exact = true }) });
        await row.GetByText(model, new() { Exact = true }).WaitForAsync();
        Assert.Contains("🦊", await row.InnerTextAsync(), StringComparison.Ordinal);
        await WebBot.ScreenshotAsync(page, "agents");

        // The next prompt goes to the new model, in a new session (the first conversation is not sent along).
        await Dashboard.OpenChatAsync(page, "tuner");
        await Dashboard.Composer(page).FillAsync("which word?");
        await Dashboard.SendButton(page).ClickAsync();
        await Dashboard.Turn(page, "which word?").Locator(".answer").GetByText("Second answer.").WaitForAsync();
        var request = _web.Model.Requests[^1];
        Assert.Equal(model, request.Body?["model"]?.GetValue<string>());
        Assert.DoesNotContain(request.UserTexts, t => t.Contains("apricot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_name_that_is_taken_or_invalid_gets_a_clear_message_and_keeps_the_dialog_open()
    {
        var page = await _web.SignedInPageAsync();
        await Dashboard.CreateAgentAndOpenChatAsync(page, "first");
        await Dashboard.CreateAgentAndOpenChatAsync(page, "second");
        await Dashboard.Nav(page, "Agents").ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit second" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync("first");
        Assert.Equal("", (await dialog.Locator("#edit-warning").InnerTextAsync()).Trim()); // a new name resets nothing
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await dialog.Locator("#edit-error").WaitForAsync();
        Assert.NotEqual("", (await dialog.Locator("#edit-error").InnerTextAsync()).Trim());
        Assert.True(await dialog.IsVisibleAsync());

        await page.Keyboard.PressAsync("Escape");
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "second", Exact = true }).CountAsync());
    }
}
