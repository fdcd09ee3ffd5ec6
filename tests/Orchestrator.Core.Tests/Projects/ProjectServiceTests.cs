using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Events;
using Orchestrator.Core.Operations;
using Orchestrator.Core.Tests.CodingSessions;

namespace Orchestrator.Core.Tests.Projects;

public sealed class ProjectServiceTests : IDisposable
{
    private readonly ControlPlane _plane = new();

    public void Dispose() => _plane.Dispose();

    [Fact]
    public async Task Adding_stores_the_repository_top_folder_with_a_unique_slug_and_an_event()
    {
        var repository = _plane.NewRepository("My App");
        Directory.CreateDirectory(Path.Combine(repository, "src"));

        var first = await _plane.Projects.AddAsync(Path.Combine(repository, "src"), null, null, ControlPlane.Admin);
        var second = await _plane.Projects.AddAsync(_plane.NewRepository("other"), "My App", "develop", ControlPlane.Admin);

        Assert.Equal((repository, "my-app", "main"), (first.Path, first.Slug, first.DefaultBranch));
        Assert.Equal(("my-app-2", "develop"), (second.Slug, second.DefaultBranch));
        var added = await _plane.Events.ListAsync(new EventQuery(Kind: EventKinds.ProjectAdded));
        Assert.Equal([second.Id, first.Id], added.Select(e => e.ProjectId));
    }

    [Fact]
    public async Task Only_admins_add_and_only_git_repositories_inside_the_allowed_folders()
    {
        var plain = Path.Combine(_plane.Root, "plain");
        Directory.CreateDirectory(plain);

        var notAdmin = await Assert.ThrowsAsync<RefusedException>(() => _plane.Projects.AddAsync(_plane.NewRepository("a"), null, null, ControlPlane.Alice));
        var notGit = await Assert.ThrowsAsync<RefusedException>(() => _plane.Projects.AddAsync(plain, null, null, ControlPlane.Admin));
        var outside = await Assert.ThrowsAsync<RefusedException>(() => _plane.Projects.AddAsync("/etc", null, null, ControlPlane.Admin));
        var twice = await Assert.ThrowsAsync<RefusedException>(async () =>
        {
            await _plane.Projects.AddAsync(_plane.NewRepository("b"), null, null, ControlPlane.Admin);
            await _plane.Projects.AddAsync(Path.Combine(_plane.Root, "b"), null, null, ControlPlane.Admin);
        });
        var badBranch = await Assert.ThrowsAsync<RefusedException>(() => _plane.Projects.AddAsync(_plane.NewRepository("c"), null, "--force", ControlPlane.Admin));

        Assert.Contains("Only an admin", notAdmin.Message, StringComparison.Ordinal);
        Assert.Contains("not inside a git repository", notGit.Message, StringComparison.Ordinal);
        Assert.Contains("outside the allowed folders", outside.Message, StringComparison.Ordinal);
        Assert.Contains("already the project b", twice.Message, StringComparison.Ordinal);
        Assert.Contains("not a branch name", badBranch.Message, StringComparison.Ordinal);
        Assert.Single(await _plane.Projects.ListAsync());
    }

    [Fact]
    public async Task A_project_with_sessions_not_deleted_cannot_be_removed_and_the_list_counts_them()
    {
        var project = await _plane.AddProjectAsync("app");
        var session = await _plane.SendAsync("codex implement app add a file");

        var listed = Assert.Single(await _plane.Projects.ListAsync());
        var refusal = await Assert.ThrowsAsync<RefusedException>(() => _plane.Projects.RemoveAsync("app", ControlPlane.Admin));
        Assert.Equal((1, 1), (listed.ActiveSessions, listed.Sessions));
        Assert.Contains("still has 1 session", refusal.Message, StringComparison.Ordinal);

        _plane.Runner.End(session.Id, new SessionTurnResult(SessionTurnOutcome.Completed, null, "done", 1, 1));
        await _plane.WaitForStateAsync(session.Id, SessionStates.WaitingForUser);
        var preview = await _plane.Sessions.PreviewDeleteAsync(session.Id, ControlPlane.Alice);
        await _plane.Sessions.DeleteAsync(preview, deleteBranch: false, ControlPlane.Alice);
        await _plane.Projects.RemoveAsync("app", ControlPlane.Admin);

        Assert.Empty(await _plane.Projects.ListAsync());
        Assert.True(Directory.Exists(project.Path));
    }
}
