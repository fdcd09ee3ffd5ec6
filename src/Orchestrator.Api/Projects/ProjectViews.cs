using Orchestrator.Core.Projects;

namespace Orchestrator.Api.Projects;

/// <summary>A project as the API shows it: what <c>/projects</c> shows, with the disk its sessions use.</summary>
public sealed record ProjectView(
    string Id,
    string Slug,
    string Name,
    string Path,
    string DefaultBranch,
    int ActiveSessions,
    int Sessions,
    long DiskBytes,
    DateTimeOffset CreatedAt)
{
    public static ProjectView Of(ProjectSummary s) => new(
        s.Project.Id, s.Project.Slug, s.Project.Name, s.Project.Path, s.Project.DefaultBranch, s.ActiveSessions, s.Sessions, s.DiskBytes, s.Project.CreatedAt);
}

/// <summary>The body of <c>POST /projects</c> (as <c>/project add PATH [--name NAME] [--default-branch BRANCH]</c>).</summary>
public sealed record CreateProjectBody(string? Path, string? Name, string? DefaultBranch);

/// <summary>The body of <c>PUT /projects/{id}</c>: what to change (absent: unchanged).</summary>
public sealed record UpdateProjectBody(string? Name, string? DefaultBranch);
