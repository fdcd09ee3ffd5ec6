using Orchestrator.Bot.Audit;
using Orchestrator.Core.Conversations;
using Orchestrator.Core.Operations;
using Orchestrator.Core.Projects;

namespace Orchestrator.Bot.Projects;

/// <summary>
/// <see cref="IProjectControl"/> over <see cref="ProjectService"/>, as <c>/project add</c> and <c>/project remove</c> run
/// it: admins only (the core checks too), audited like the Telegram command (in the caller's private chat).
/// </summary>
public sealed class ProjectControl(ProjectService projects, AuditLog audit) : IProjectControl
{
    public async Task<OperationResult<ProjectSummary>> AddAsync(Caller caller, string path, string? name, string? defaultBranch, CancellationToken cancellationToken = default)
    {
        if (Refuse<ProjectSummary>(caller, "add projects") is { } refused)
        {
            return refused;
        }

        await AuditAsync(caller, $"/project add {path}" + (name is null ? "" : $" --name {name}") + (defaultBranch is null ? "" : $" --default-branch {defaultBranch}"), cancellationToken);
        try
        {
            var added = await projects.AddAsync(path, name, defaultBranch, ActorOf(caller), cancellationToken);
            return OperationResult<ProjectSummary>.Ok(await projects.GetAsync(added.Id, cancellationToken));
        }
        catch (RefusedException ex)
        {
            return OperationResult<ProjectSummary>.Fail(ex.Message.Contains("already the project", StringComparison.Ordinal) ? OperationStatus.Conflict : OperationStatus.Invalid, ex.Message);
        }
    }

    public async Task<OperationResult<ProjectSummary>> UpdateAsync(Caller caller, string idOrSlug, string? name, string? defaultBranch, CancellationToken cancellationToken = default)
    {
        if (Refuse<ProjectSummary>(caller, "change projects") is { } refused)
        {
            return refused;
        }

        if (await FindAsync(idOrSlug, cancellationToken) is not { } project)
        {
            return NotFound<ProjectSummary>(idOrSlug);
        }

        await AuditAsync(caller, $"project update {project.Slug}: name {name ?? "(same)"}, default branch {defaultBranch ?? "(same)"}", cancellationToken);
        try
        {
            var updated = await projects.UpdateAsync(project.Id, name, defaultBranch, ActorOf(caller), cancellationToken);
            return OperationResult<ProjectSummary>.Ok(await projects.GetAsync(updated.Id, cancellationToken));
        }
        catch (RefusedException ex)
        {
            return OperationResult<ProjectSummary>.Fail(OperationStatus.Invalid, ex.Message);
        }
    }

    public async Task<OperationResult<Project>> RemoveAsync(Caller caller, string idOrSlug, CancellationToken cancellationToken = default)
    {
        if (Refuse<Project>(caller, "remove projects") is { } refused)
        {
            return refused;
        }

        if (await FindAsync(idOrSlug, cancellationToken) is not { } project)
        {
            return NotFound<Project>(idOrSlug);
        }

        await AuditAsync(caller, $"/project remove {project.Slug}", cancellationToken);
        try
        {
            return OperationResult<Project>.Ok(await projects.RemoveAsync(project.Id, ActorOf(caller), cancellationToken));
        }
        catch (RefusedException ex)
        {
            // Sessions that are not deleted yet: the API's own advice, not the Telegram command's.
            return OperationResult<Project>.Fail(OperationStatus.Conflict,
                ex.Message.Replace($"/sessions {project.Slug} --all, then /delete each", $"GET /api/v1/sessions?project={project.Slug}&archived=true, then delete each", StringComparison.Ordinal));
        }
    }

    private async Task<Project?> FindAsync(string idOrSlug, CancellationToken cancellationToken)
    {
        if (idOrSlug.Length is 0 or > 100)
        {
            return null;
        }

        try
        {
            return await projects.RequireAsync(idOrSlug, cancellationToken);
        }
        catch (RefusedException)
        {
            return null;
        }
    }

    private Task AuditAsync(Caller caller, string line, CancellationToken cancellationToken) =>
        audit.RecordAsync(caller.UserId, caller.Name, caller.UserId, 0, AuditActions.Agent, $"{caller.Channel}: {line}", cancellationToken);

    private static OperationResult<T>? Refuse<T>(Caller caller, string what) =>
        caller.IsAdmin ? null : OperationResult<T>.Fail(OperationStatus.Forbidden, $"Only an admin of the bot can {what}.");

    private static OperationResult<T> NotFound<T>(string idOrSlug) =>
        OperationResult<T>.Fail(OperationStatus.NotFound, $"There is no project {(idOrSlug.Length > 40 ? idOrSlug[..40] + "…" : idOrSlug)} (GET /api/v1/projects lists them).");

    private static Actor ActorOf(Caller caller) => caller.AsActor();
}
