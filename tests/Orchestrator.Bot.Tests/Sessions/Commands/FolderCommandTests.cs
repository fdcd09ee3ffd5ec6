using Orchestrator.Bot.Sessions.Commands;
using Orchestrator.Bot.Tests.Harness;

namespace Orchestrator.Bot.Tests.Sessions.Commands;

/// <summary>/folder stays inside Agents:AllowedRoots: no <c>..</c> or symbolic-link escape; a change starts a new session.</summary>
public sealed class FolderCommandTests
{
    [Fact]
    public async Task Folder_shows_the_folder_and_accepts_a_subfolder_which_the_next_thread_runs_in()
    {
        await using var codex = await CodexBot.StartAsync();
        var sub = Directory.CreateDirectory(Path.Combine(codex.Workspace, "app", "src")).FullName;
        await codex.TurnAsync("remember the word lantern", "Noted.");

        var shown = await codex.AskAsync("/folder");
        Assert.Contains($"Folder of 🤖 default: {codex.Workspace}", shown.Text, StringComparison.Ordinal);
        Assert.Contains($"Allowed: {codex.Workspace}", shown.Text, StringComparison.Ordinal);

        var changed = await codex.AskAsync("/folder app/src");
        Assert.Contains($"Folder of 🤖 default: {sub}. A new session starts with your next message.", changed.Text, StringComparison.Ordinal);
        Assert.Equal(sub, (await codex.CurrentAgentAsync()).WorkingDirectory);

        var (request, _) = await codex.TurnAsync("where are you?", "Here.");
        Assert.False(request.HasUserText("remember the word lantern"), "a folder change starts a new thread");
        Assert.Contains(sub, request.RawBody, StringComparison.Ordinal); // Codex tells the model its cwd

        Assert.Contains("already works in", (await codex.AskAsync($"/folder {sub}")).Text, StringComparison.Ordinal);
        Assert.Contains($"Folder of 🤖 default: {codex.Workspace}.", (await codex.AskAsync("/folder ../..")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Folder_refuses_dot_dot_traversal_out_of_the_roots()
    {
        await using var codex = await CodexBot.StartAsync();

        var refused = await codex.AskAsync("/folder ../");

        Assert.StartsWith("⛔", refused.Text, StringComparison.Ordinal);
        Assert.Contains("outside the allowed folders", refused.Text, StringComparison.Ordinal);
        Assert.Equal(codex.Workspace, (await codex.AskAsync("/status")).Text.Split('\n')[2]["Folder: ".Length..]);
        Assert.Contains("outside the allowed folders", (await codex.AskAsync("/folder app/../../..")).Text, StringComparison.Ordinal);
        Assert.Contains("There is no folder", (await codex.AskAsync("/folder does-not-exist")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Folder_refuses_a_symbolic_link_that_points_outside_the_roots()
    {
        var outside = Directory.CreateTempSubdirectory("orchestrator-outside-").FullName;
        try
        {
            await using var codex = await CodexBot.StartAsync();
            Directory.CreateSymbolicLink(Path.Combine(codex.Workspace, "escape"), outside);
            Directory.CreateDirectory(Path.Combine(outside, "deeper"));
            Directory.CreateDirectory(Path.Combine(codex.Workspace, "inner"));
            Directory.CreateSymbolicLink(Path.Combine(codex.Workspace, "inner", "up"), "../escape"); // a relative link to the link

            foreach (var path in new[] { "escape", "escape/deeper", Path.Combine(codex.Workspace, "inner", "up", "deeper") })
            {
                var refused = await codex.AskAsync($"/folder {path}");
                Assert.StartsWith("⛔", refused.Text, StringComparison.Ordinal);
                Assert.Contains(outside, refused.Text, StringComparison.Ordinal);
            }

            Assert.Equal(codex.Workspace, (await codex.CurrentAgentAsync()).WorkingDirectory);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task A_link_inside_the_roots_is_stored_as_its_real_folder_and_the_roots_come_from_configuration()
    {
        var other = Directory.CreateTempSubdirectory("orchestrator-root-").FullName;
        try
        {
            await using var codex = await CodexBot.StartAsync(s =>
            {
                s["Agents:AllowedRoots:0"] = s["Agents:DefaultWorkingDirectory"];
                s["Agents:AllowedRoots:1"] = other;
            });
            var target = Directory.CreateDirectory(Path.Combine(codex.Workspace, "real")).FullName;
            Directory.CreateSymbolicLink(Path.Combine(codex.Workspace, "alias"), "real");

            Assert.Contains($"Folder of 🤖 default: {target}.", (await codex.AskAsync("/folder alias")).Text, StringComparison.Ordinal);
            Assert.Contains($"Folder of 🤖 default: {other}.", (await codex.AskAsync($"/folder {other}")).Text, StringComparison.Ordinal);
            Assert.Contains($"Allowed: {codex.Workspace}, {other}", (await codex.AskAsync("/folder")).Text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public void Real_path_resolves_every_link_along_the_path()
    {
        var root = Directory.CreateTempSubdirectory("orchestrator-links-").FullName;
        try
        {
            var real = FolderPolicy.RealPath(root);
            Directory.CreateDirectory(Path.Combine(root, "a", "b"));
            Directory.CreateSymbolicLink(Path.Combine(root, "l1"), Path.Combine(root, "a"));
            Directory.CreateSymbolicLink(Path.Combine(root, "l2"), "l1/b");
            Directory.CreateSymbolicLink(Path.Combine(root, "loop"), "loop");

            Assert.Equal(Path.Combine(real, "a", "b"), FolderPolicy.RealPath(Path.Combine(root, "l2")));
            Assert.Equal(Path.Combine(real, "a"), FolderPolicy.RealPath(Path.Combine(root, "l2", "..")));
            Assert.Throws<IOException>(() => FolderPolicy.RealPath(Path.Combine(root, "loop")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
