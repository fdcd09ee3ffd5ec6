using System.Net;
using System.Net.Http.Json;
using Orchestrator.Api.Tests.Harness;
using Orchestrator.Bot.Tests.CodingSessions;
using Orchestrator.Bot.Tests.Harness;

namespace Orchestrator.Api.Tests.ControlPlane;

/// <summary>Projects over the API: what /project add, /projects, /project SLUG and /project remove do, admins only for changes.</summary>
public sealed class ProjectsApiTests : IAsyncLifetime
{
    private ApiBot _api = null!;

    public async Task InitializeAsync() => _api = await ApiBot.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Projects_are_added_shown_renamed_and_removed_by_admins_and_only_listed_for_others()
    {
        var repository = GitRepository.Create(_api.Codex.Workspace, "My App");
        Directory.CreateDirectory(Path.Combine(_api.Codex.Workspace, "plain"));
        var admin = _api.Client(await _api.TokenAsync(BotHarness.AdminId));
        var owner = _api.Client(await _api.TokenAsync(BotHarness.OwnerId));

        await ApiAssert.ProblemAsync(await owner.PostAsJsonAsync("/api/v1/projects", new { path = repository }), HttpStatusCode.Forbidden);
        var added = await ApiAssert.JsonAsync(
            await admin.PostAsJsonAsync("/api/v1/projects", new { path = repository, name = "Shop Front", default_branch = "main" }), HttpStatusCode.Created);
        var id = added.GetProperty("id").GetString()!;
        Assert.Equal(("shop-front", "Shop Front", repository, "main", 0), (added.GetProperty("slug").GetString(), added.GetProperty("name").GetString(),
            added.GetProperty("path").GetString(), added.GetProperty("default_branch").GetString(), added.GetProperty("active_sessions").GetInt32()));
        var again = await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/projects", new { path = repository }), HttpStatusCode.Conflict);
        Assert.Contains("already the project shop-front", again, StringComparison.Ordinal);
        var plain = await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/projects", new { path = Path.Combine(_api.Codex.Workspace, "plain") }), HttpStatusCode.BadRequest);
        Assert.Contains("is not inside a git repository", plain, StringComparison.Ordinal);
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/projects", new { path = "/etc" }), HttpStatusCode.BadRequest);
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/projects", new { name = "no path" }), HttpStatusCode.BadRequest);

        // Everyone allowed sees the projects, by id or by slug.
        var list = await ApiAssert.JsonAsync(await owner.GetAsync("/api/v1/projects"));
        Assert.Equal("shop-front", Assert.Single(list.EnumerateArray()).GetProperty("slug").GetString());
        Assert.Equal(id, (await ApiAssert.JsonAsync(await owner.GetAsync($"/api/v1/projects/{id}"))).GetProperty("id").GetString());
        Assert.Equal(id, (await ApiAssert.JsonAsync(await owner.GetAsync("/api/v1/projects/shop-front"))).GetProperty("id").GetString());
        Assert.Equal(id, (await ApiAssert.JsonAsync(await owner.GetAsync("/api/v1/projects/slug/shop-front"))).GetProperty("id").GetString());
        await ApiAssert.ProblemAsync(await owner.GetAsync("/api/v1/projects/slug/nope"), HttpStatusCode.NotFound);

        // Renaming moves the slug; only admins change or remove.
        await ApiAssert.ProblemAsync(await owner.PutAsJsonAsync($"/api/v1/projects/{id}", new { name = "Mine" }), HttpStatusCode.Forbidden);
        var renamed = await ApiAssert.JsonAsync(await admin.PutAsJsonAsync($"/api/v1/projects/{id}", new { name = "Back Office" }));
        Assert.Equal(("back-office", "main"), (renamed.GetProperty("slug").GetString(), renamed.GetProperty("default_branch").GetString()));
        await ApiAssert.ProblemAsync(await admin.PutAsJsonAsync($"/api/v1/projects/{id}", new { default_branch = "-x" }), HttpStatusCode.BadRequest);
        await ApiAssert.ProblemAsync(await owner.DeleteAsync($"/api/v1/projects/{id}"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/projects/{id}")).StatusCode);
        await ApiAssert.ProblemAsync(await owner.GetAsync($"/api/v1/projects/{id}"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await admin.DeleteAsync($"/api/v1/projects/{id}"), HttpStatusCode.NotFound);
        Assert.True(Directory.Exists(repository)); // forgetting a project leaves its folder
    }
}
