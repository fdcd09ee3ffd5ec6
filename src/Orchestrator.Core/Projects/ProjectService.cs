using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Events;
using Orchestrator.Core.Git;
using Orchestrator.Core.Operations;

namespace Orchestrator.Core.Projects;

/// <summary>The project operations every face calls: add, list, get, update, remove. Each change is an event.</summary>
public sealed class ProjectService(
    ProjectStore store,
    CodingSessionStore sessions,
    IWorktrees git,
    IProjectPathPolicy paths,
    IEventLog events,
    TimeProvider time)
{
    public const int MaxNameLength = 80;

    /// <summary>
    /// Adds the git repository at <paramref name="path"/> (inside the allowed folders; its top folder is stored). The
    /// default branch is the checkout's current branch unless given.
    /// </summary>
    public async Task<Project> AddAsync(string path, string? name, string? defaultBranch, Actor actor, CancellationToken cancellationToken = default)
    {
        RequireAdmin(actor, "add projects");
        var verdict = paths.Check(path);
        if (verdict.Folder is not { } folder)
        {
            throw new RefusedException(verdict.Problem ?? "That folder cannot be used.");
        }

        var root = await git.FindRepositoryRootAsync(folder, cancellationToken).ConfigureAwait(false)
            ?? throw new RefusedException($"{folder} is not inside a git repository (run git init there first).");
        if (!string.Equals(paths.Check(root).Folder, root, StringComparison.Ordinal))
        {
            throw new RefusedException($"The repository's top folder {root} is outside the allowed folders.");
        }

        if (await store.FindByPathAsync(root, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            throw new RefusedException($"{root} is already the project {existing.Slug}.");
        }

        name = string.IsNullOrWhiteSpace(name) ? Path.GetFileName(Path.TrimEndingDirectorySeparator(root)) : name.Trim();
        if (name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            throw new RefusedException($"A project name has at most {MaxNameLength} characters and no control characters.");
        }

        var branch = string.IsNullOrWhiteSpace(defaultBranch)
            ? await git.CurrentBranchAsync(root, cancellationToken).ConfigureAwait(false)
            : CheckBranchName(defaultBranch.Trim());
        var project = new Project(NewId(), name, await FreeSlugAsync(Slugs.From(name), cancellationToken).ConfigureAwait(false), root,
            branch, time.GetUtcNow());
        await store.InsertAsync(project, cancellationToken).ConfigureAwait(false);
        await events.AppendAsync(
            new NewControlEvent(EventKinds.ProjectAdded, $"project {project.Slug} added: {root} ({branch})", ProjectId: project.Id, Actor: actor.Name),
            cancellationToken).ConfigureAwait(false);
        return project;
    }

    public async Task<IReadOnlyList<ProjectSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<ProjectSummary>();
        foreach (var project in await store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(await SummarizeAsync(project, cancellationToken).ConfigureAwait(false));
        }

        return list;
    }

    public async Task<ProjectSummary> GetAsync(string slug, CancellationToken cancellationToken = default) =>
        await SummarizeAsync(await RequireAsync(slug, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    public async Task<Project> RequireAsync(string slug, CancellationToken cancellationToken = default) =>
        await store.FindAsync(slug.Trim().ToLowerInvariant(), cancellationToken).ConfigureAwait(false)
        ?? throw new RefusedException($"There is no project “{slug}”. /projects lists them.");

    /// <summary>Renames (the slug follows the name) or changes the default branch.</summary>
    public async Task<Project> UpdateAsync(string slug, string? name, string? defaultBranch, Actor actor, CancellationToken cancellationToken = default)
    {
        RequireAdmin(actor, "change projects");
        var project = await RequireAsync(slug, cancellationToken).ConfigureAwait(false);
        var updated = project;
        if (!string.IsNullOrWhiteSpace(name) && name.Trim() != project.Name)
        {
            var newSlug = Slugs.From(name.Trim());
            updated = updated with { Name = name.Trim(), Slug = newSlug == project.Slug ? newSlug : await FreeSlugAsync(newSlug, cancellationToken).ConfigureAwait(false) };
        }

        if (!string.IsNullOrWhiteSpace(defaultBranch))
        {
            updated = updated with { DefaultBranch = CheckBranchName(defaultBranch.Trim()) };
        }

        await store.UpdateAsync(updated, cancellationToken).ConfigureAwait(false);
        await events.AppendAsync(
            new NewControlEvent(EventKinds.ProjectUpdated, $"project {updated.Slug} updated (default branch {updated.DefaultBranch})", ProjectId: updated.Id, Actor: actor.Name),
            cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <summary>Forgets the project (its folder is left as it is); refused while it has sessions that are not deleted.</summary>
    public async Task<Project> RemoveAsync(string slug, Actor actor, CancellationToken cancellationToken = default)
    {
        RequireAdmin(actor, "remove projects");
        var project = await RequireAsync(slug, cancellationToken).ConfigureAwait(false);
        var (_, notDeleted) = await sessions.CountAsync(project.Id, cancellationToken).ConfigureAwait(false);
        if (notDeleted > 0 || !await store.DeleteAsync(project.Id, cancellationToken).ConfigureAwait(false))
        {
            throw new RefusedException(
                $"Project {project.Slug} still has {Math.Max(notDeleted, 1)} session(s) that are not deleted: /sessions {project.Slug} --all, then /delete each.");
        }

        await events.AppendAsync(
            new NewControlEvent(EventKinds.ProjectRemoved, $"project {project.Slug} removed (folder {project.Path} kept)", ProjectId: project.Id, Actor: actor.Name),
            cancellationToken).ConfigureAwait(false);
        return project;
    }

    private async Task<ProjectSummary> SummarizeAsync(Project project, CancellationToken cancellationToken)
    {
        var (active, notDeleted) = await sessions.CountAsync(project.Id, cancellationToken).ConfigureAwait(false);
        return new ProjectSummary(project, active, notDeleted, DiskUsage.Of(Path.Combine(project.Path, SessionPaths.Folder)));
    }

    private async Task<string> FreeSlugAsync(string slug, CancellationToken cancellationToken)
    {
        var candidate = slug;
        for (var n = 2; await store.SlugExistsAsync(candidate, cancellationToken).ConfigureAwait(false); n++)
        {
            var suffix = "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            candidate = slug[..Math.Min(slug.Length, Slugs.MaxLength - suffix.Length)].TrimEnd('-') + suffix;
        }

        return candidate;
    }

    private static string CheckBranchName(string branch) =>
        branch.Length <= 200 && !branch.StartsWith('-') && !branch.Contains("..", StringComparison.Ordinal)
        && branch.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')
            ? branch
            : throw new RefusedException($"“{branch}” is not a branch name.");

    private static void RequireAdmin(Actor actor, string what)
    {
        if (!actor.IsAdmin)
        {
            throw new RefusedException($"Only an admin of the bot can {what}.");
        }
    }

    private static string NewId() => Guid.NewGuid().ToString("N")[..12];
}
