namespace Orchestrator.Core.Projects;

/// <summary>A git repository coding sessions work on.</summary>
/// <param name="Slug">Derived from the name, unique, <c>[a-z0-9-]</c>: how commands and branches name the project.</param>
/// <param name="Path">The repository's main checkout (its top folder, symbolic links resolved).</param>
/// <param name="DefaultBranch">Where sessions' branches start and what "merged" is measured against.</param>
public sealed record Project(string Id, string Name, string Slug, string Path, string DefaultBranch, DateTimeOffset CreatedAt);

/// <summary>A project with what <c>/projects</c> shows about its sessions.</summary>
public sealed record ProjectSummary(Project Project, int ActiveSessions, int Sessions, long DiskBytes);
