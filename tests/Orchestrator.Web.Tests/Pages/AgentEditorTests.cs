using Microsoft.Playwright;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Web.Tests.Harness;

namespace Orchestrator.Web.Tests.Pages;

/// <summary>The agent editor on the Agents page: the same settings and state-aware resets as the Telegram commands.</summary>
public sealed class AgentEditorTests : WebBotTest
{
    [Fact]
    public async Task Changing_the_model_says_before_and_after_saving_that_a_new_session_starts_and_the_next_prompt_uses_it()
    {
        Web.Model.Enqueue(FakeResponse.Text("First answer."), FakeResponse.Text("Second answer."));
        var page = await Web.SignedInPageAsync();
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
        var avatarBefore = await dialog.Locator(".avatar-picker input:checked").InputValueAsync();
        var avatar = avatarBefore == "🐙" ? "🦉" : "🐙";
        await dialog.Locator(".avatar-picker label", new() { HasText = avatar }).ClickAsync();
        Assert.True(await dialog.GetByRole(AriaRole.Radio, new() { Name = avatar }).IsCheckedAsync());
        await dialog.Locator("#edit-warning").GetByText("starts a new session").WaitForAsync(); // said before saving
        Assert.Contains("model", await dialog.Locator("#edit-warning").InnerTextAsync(), StringComparison.Ordinal);
        await WebBot.ScreenshotAsync(page, "agent-editor");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        var notice = page.Locator("#agents-notice");
        await notice.GetByText("new session").WaitForAsync(); // the API's notice, after saving
        var row = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "tuner", Exact = true }) });
        await row.GetByText(model, new() { Exact = true }).WaitForAsync();
        Assert.Contains(avatar, await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(avatarBefore, await row.InnerTextAsync(), StringComparison.Ordinal);
        await WebBot.ScreenshotAsync(page, "agents");

        // The next prompt goes to the new model, in a new session (the first conversation is not sent along).
        await Dashboard.OpenChatAsync(page, "tuner");
        await Dashboard.Composer(page).FillAsync("which word?");
        await Dashboard.SendButton(page).ClickAsync();
        await Dashboard.Turn(page, "which word?").Locator(".answer").GetByText("Second answer.").WaitForAsync();
        var request = Web.Model.Requests[^1];
        Assert.Equal(model, request.Body?["model"]?.GetValue<string>());
        Assert.DoesNotContain(request.UserTexts, t => t.Contains("apricot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_agent_gets_the_avatar_model_and_persona_of_the_form_and_a_taken_name_keeps_the_editor_open_with_the_reason()
    {
        var page = await Web.SignedInPageAsync();
        await Dashboard.CreateAgentAndOpenChatAsync(page, "first");

        // The New agent form with the optional settings.
        await Dashboard.Nav(page, "Agents").ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New agent" });
        await form.GetByLabel("Name").FillAsync("second");
        await form.GetByLabel("Engine").SelectOptionAsync("codex");
        var models = await form.GetByLabel("Model").Locator("option").EvaluateAllAsync<string[]>("os => os.map(o => o.value).filter(v => v)");
        Assert.NotEmpty(models);
        await form.GetByLabel("Model").SelectOptionAsync(models[0]);
        await form.Locator(".avatar-picker label", new() { HasText = "🐢" }).ClickAsync();
        await form.GetByLabel("Persona").FillAsync("Answer in one sentence.");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create agent" }).ClickAsync();
        await page.Locator("#agent-message").GetByText("second is ready").WaitForAsync();
        var row = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "second", Exact = true }) });
        await row.GetByText(models[0], new() { Exact = true }).WaitForAsync();
        Assert.Contains("🐢", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("not saved", await page.Locator("#agent-message").InnerTextAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit second" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Persona").WaitForAsync();
        Assert.Equal("Answer in one sentence.", await dialog.GetByLabel("Persona").InputValueAsync());
        await dialog.GetByLabel("Name").FillAsync("first");
        Assert.Equal("", (await dialog.Locator("#edit-warning").InnerTextAsync()).Trim()); // a new name resets nothing
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await dialog.Locator("#edit-error").WaitForAsync();
        Assert.Contains("already an agent named first", await dialog.Locator("#edit-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await dialog.IsVisibleAsync());

        await page.Keyboard.PressAsync("Escape");
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "second", Exact = true }).CountAsync());
    }
}
