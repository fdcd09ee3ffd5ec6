using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.Api.Auth;
using Orchestrator.Api.Json;
using Orchestrator.Core.Operations;
using Orchestrator.Core.Projects;

namespace Orchestrator.Api.Projects;

/// <summary>
/// Projects: the same operations as <c>/projects</c>, <c>/project SLUG</c>, <c>/project add</c> and
/// <c>/project remove</c> (changes through <see cref="IProjectControl"/>, admins only: 403 for anyone else).
/// Every allowed user sees every project, as in Telegram.
/// </summary>
public static class ProjectsEndpoints
{
    public static RouteGroupBuilder MapProjects(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("projects");
        projects.MapGet("/", async (HttpContext context, ProjectService service) =>
            Results.Ok((await service.ListAsync(context.RequestAborted).ConfigureAwait(false)).Select(ProjectView.Of).ToList()));

        projects.MapPost("/", async (CreateProjectBody? body, HttpContext context, IProjectControl control) =>
        {
            if (body?.Path is not { Length: > 0 } path || path.Length > 4096)
            {
                return Problems.BadRequest("Give the repository's folder: {\"path\": \"/path/to/repo\", \"name\": \"…\"?, \"default_branch\": \"…\"?} (inside Agents:AllowedRoots).");
            }

            var result = await control.AddAsync(context.Caller(), path, body.Name, body.DefaultBranch, context.RequestAborted).ConfigureAwait(false);
            return Problems.From(result, added => Results.Created($"/api/v1/projects/{added.Project.Id}", ProjectView.Of(added)));
        });

        projects.MapGet("/{id}", (string id, HttpContext context, ProjectService service) => GetAsync(id, service, context.RequestAborted));
        projects.MapGet("/slug/{slug}", (string slug, HttpContext context, ProjectService service) => GetAsync(slug, service, context.RequestAborted));

        projects.MapPut("/{id}", async (string id, UpdateProjectBody? body, HttpContext context, IProjectControl control) =>
        {
            if (body is null || (body.Name is null && body.DefaultBranch is null))
            {
                return Problems.BadRequest("Say what to change: {\"name\": \"…\"} and/or {\"default_branch\": \"…\"}.");
            }

            var result = await control.UpdateAsync(context.Caller(), id, body.Name, body.DefaultBranch, context.RequestAborted).ConfigureAwait(false);
            return Problems.From(result, updated => Results.Ok(ProjectView.Of(updated)));
        });

        projects.MapDelete("/{id}", async (string id, HttpContext context, IProjectControl control) =>
            Problems.From(await control.RemoveAsync(context.Caller(), id, context.RequestAborted).ConfigureAwait(false), _ => Results.NoContent()));
        return api;
    }

    private static async Task<IResult> GetAsync(string idOrSlug, ProjectService service, CancellationToken cancellationToken)
    {
        if (idOrSlug.Length is 0 or > 100)
        {
            return NotFound(idOrSlug);
        }

        try
        {
            return Results.Ok(ProjectView.Of(await service.GetAsync(idOrSlug, cancellationToken).ConfigureAwait(false)));
        }
        catch (RefusedException)
        {
            return NotFound(idOrSlug);
        }
    }

    private static IResult NotFound(string idOrSlug) =>
        Problems.Of(StatusCodes.Status404NotFound, $"There is no project {(idOrSlug.Length > 40 ? idOrSlug[..40] + "…" : idOrSlug)} (GET /api/v1/projects lists them).");
}
