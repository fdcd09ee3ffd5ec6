using Microsoft.Playwright;
using Orchestrator.Bot.Tests.CodingSessions;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Testing.Telegram;
using Orchestrator.Web.Tests.Harness;

namespace Orchestrator.Web.Tests.Pages;

/// <summary>
/// The dashboard's composer, the Sessions and Projects pages against the real bot, the REAL codex (fake model) and a
/// REAL git repository: a session started on the page reaches waiting_for_user, its diff shows as a diff, a follow-up
/// runs, and Delete shows the cleanup preview and removes the worktree.
/// </summary>
public sealed class SessionPagesTests : WebBotTest
{
    /// <summary>The model asks codex to write web.txt in the folder the turn runs in (the session's worktree).</summary>
    private static FunctionCallResponse WriteWebFile() =>
        FakeResponse.ExecCommand("printf 'hello from the web\\nsecond line\\n' > web.txt", workdir: null, justification: "to write the file");

    [Fact]
    public async Task A_session_started_from_the_composer_shows_its_diff_takes_a_follow_up_and_is_deleted_after_its_preview()
    {
        var repository = GitRepository.Create(Web.Codex.Workspace, "app");
        Web.Telegram.SendText(BotHarness.AdminId, BotHarness.AdminId, "/project add " + repository);
        await Web.Telegram.WaitForBotMessageAsync(BotHarness.AdminId, m => m.Text.StartsWith("📦 Project app added", StringComparison.Ordinal), WebBot.Timeout, "the project");
        Web.Model.DefaultResponse = FakeResponse.Text("Done.");
        Web.Model.Enqueue(WriteWebFile());

        var page = await Web.SignedInPageAsync();
        await page.Locator("#stat-projects").GetByText("1").WaitForAsync();
        await page.GetByLabel("Agent").SelectOptionAsync("codex");
        await page.GetByLabel("Action").SelectOptionAsync("implement");
        await page.GetByLabel("Project").SelectOptionAsync("app");
        await page.GetByLabel("Task").FillAsync("write web.txt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start session" }).ClickAsync();

        // The session is announced in the user's Telegram chat, and the page links to it.
        var link = page.Locator("#send-session-link");
        await link.WaitForAsync();
        var id = (await link.GetAttributeAsync("href"))!["#/sessions/".Length..];
        await page.Locator("#stat-sessions").GetByText("1").WaitForAsync(); // the counts follow the event stream
        await WebBot.ScreenshotAsync(page, "dashboard-composer");
        await Web.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text.StartsWith("[Web] /send codex implement app", StringComparison.Ordinal), WebBot.Timeout, "the [Web] echo");
        await link.ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = $"Session {id}" }).WaitForAsync();

        // The command needs an approval (in Telegram); then the turn ends and the page follows live.
        var prompt = await Web.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.AllButtons.Any(b => b.Text == "✅ Approve"), WebBot.Timeout, "the approval");
        Web.Telegram.PressButton(BotHarness.OwnerId, BotHarness.OwnerId, prompt.MessageId, prompt.AllButtons.Single(b => b.Text == "✅ Approve").CallbackData!);
        var state = page.Locator("#session-state");
        await state.GetByText("waiting for user", new() { Exact = true }).WaitForAsync();

        // The diff: the agent's file, its added lines green; nothing removed.
        var file = page.Locator(".diff-file[data-path='web.txt']");
        await file.WaitForAsync();
        var added = file.Locator("tr.add");
        Assert.Equal(2, await added.CountAsync());
        Assert.Contains("+hello from the web", await added.First.InnerTextAsync(), StringComparison.Ordinal);
        // Retried: the page re-renders the diff on the session's events, and a row read while it is replaced has no style.
        await Microsoft.Playwright.Assertions.Expect(added.First).ToHaveCSSAsync("background-color", "rgb(218, 251, 225)");
        Assert.Equal(0, await file.Locator("tr.del").CountAsync());
        Assert.Contains("+2", await file.Locator(".diff-stat").InnerTextAsync(), StringComparison.Ordinal);
        Assert.NotEqual("", (await page.Locator("#log-tail").InnerTextAsync()).Trim());
        // Waiting: follow-up, Archive and Delete are offered; Stop and Resume are not.
        Assert.False(await page.Locator("#session-stop").IsVisibleAsync());
        Assert.False(await page.Locator("#session-resume").IsVisibleAsync());
        Assert.True(await page.Locator("#session-archive").IsVisibleAsync());
        // An artifact opens in a dialog: the turn's diff, as a diff.
        await page.Locator("#session-artifacts").GetByRole(AriaRole.Button, new() { Name = "turn-1.diff" }).ClickAsync();
        var artifact = page.GetByRole(AriaRole.Dialog, new() { Name = "turn-1.diff" });
        await artifact.Locator(".diff-file[data-path='web.txt'] tr.add").First.WaitForAsync();
        await page.Keyboard.PressAsync("Escape");
        await artifact.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await WebBot.ScreenshotAsync(page, "session");
        await page.Locator("#diff-title").ScrollIntoViewIfNeededAsync();
        await WebBot.ScreenshotAsync(page, "session-diff");

        // A follow-up runs a second turn that the model receives; the page shows it answered.
        await page.GetByLabel("Follow-up").FillAsync("now explain the change");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send follow-up" }).ClickAsync();
        var turns = page.Locator(".facts dt:text-is('Turns') + dd");
        await turns.GetByText("2", new() { Exact = true }).WaitForAsync();
        await state.GetByText("waiting for user", new() { Exact = true }).WaitForAsync();
        Assert.Contains(Web.Model.Requests, r => r.RawBody.Contains("now explain the change", StringComparison.Ordinal));

        // The Sessions list and the Projects pages list it.
        await Dashboard.Nav(page, "Sessions").ClickAsync();
        await page.Locator($"tr[data-session='{id}']").WaitForAsync();
        await page.GetByLabel("State").SelectOptionAsync("running");
        await page.Locator($"tr[data-session='{id}']").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.GetByLabel("State").SelectOptionAsync("waiting_for_user");
        await page.Locator($"tr[data-session='{id}']").WaitForAsync();
        await WebBot.ScreenshotAsync(page, "sessions");
        await Dashboard.Nav(page, "Projects").ClickAsync();
        var projectRow = page.Locator("tr[data-project='app']");
        await projectRow.WaitForAsync();
        Assert.Contains("1 / 1", await projectRow.InnerTextAsync(), StringComparison.Ordinal);
        await WebBot.ScreenshotAsync(page, "projects");
        await projectRow.GetByRole(AriaRole.Link, new() { Name = "app" }).ClickAsync();
        await page.Locator($"tr[data-session='{id}']").WaitForAsync();
        await page.Locator("[data-artifact='turn-1.diff']").WaitForAsync();
        await WebBot.ScreenshotAsync(page, "project");

        // A phone renders the session without horizontal scrolling.
        var phone = await Web.SignedInPageAsync(390, 844);
        await phone.GotoAsync($"/#/sessions/{id}");
        await phone.Locator(".diff-file[data-path='web.txt']").WaitForAsync();
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"));
        await WebBot.ScreenshotAsync(phone, "session-phone");

        // Delete: the preview in a modal (Escape closes it, Tab stays inside), then the deletion with the branch.
        await page.GotoAsync($"/#/sessions/{id}");
        await state.GetByText("waiting for user", new() { Exact = true }).WaitForAsync();
        await page.Locator(".diff-file[data-path='web.txt']").WaitForAsync();
        var worktree = Path.Combine(repository, ".orchestrator", "worktrees", id);
        Assert.True(Directory.Exists(worktree));
        await page.Locator("#session-delete").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Delete session {id}?" });
        await dialog.WaitForAsync();
        await page.Keyboard.PressAsync("Escape");
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal("session-delete", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        await page.Locator("#session-delete").ClickAsync();
        await dialog.WaitForAsync();
        var text = await dialog.InnerTextAsync();
        Assert.Contains(worktree, text, StringComparison.Ordinal);
        Assert.Contains($"orch/codex/app/{id}", text, StringComparison.Ordinal);
        Assert.Contains("not merged", text, StringComparison.Ordinal);
        Assert.Contains("turn-1.diff", text, StringComparison.Ordinal);
        for (var i = 0; i < 6; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            Assert.True(await dialog.EvaluateAsync<bool>("d => d.contains(document.activeElement)"), "focus left the dialog");
        }

        await WebBot.ScreenshotAsync(page, "delete-preview");

        // A file appears after the preview was shown: the server refuses the stale confirmation and the dialog shows the
        // new preview (with the file that would be lost) and asks again.
        File.WriteAllText(Path.Combine(worktree, "late.txt"), "written after the preview\n");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete session" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Alert).GetByText("changed since this preview").WaitForAsync();
        Assert.Contains("late.txt", await dialog.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(Directory.Exists(worktree));
        await dialog.GetByLabel("Delete the branch too").CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete session" }).ClickAsync();
        await state.GetByText("deleted", new() { Exact = true }).WaitForAsync();
        await page.Locator("#session-message").GetByText($"Session {id} deleted.").WaitForAsync();
        Assert.False(Directory.Exists(worktree));
        Assert.Equal("", GitRepository.Run(repository, "branch", "--list", $"orch/codex/app/{id}"));
        Assert.False(await page.Locator("#session-delete").IsVisibleAsync());
    }
}
