using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.Api.Auth;
using Orchestrator.Api.Json;
using Orchestrator.Api.Sessions;
using Orchestrator.Core.CodingSessions;

namespace Orchestrator.Api.Artifacts;

/// <summary>
/// A session's artifacts (<c>turn-N.diff</c>, <c>plan.md</c>, <c>transcript.jsonl</c>), as <c>/artifacts ID</c> and its
/// buttons. A name is served only when the core lists it for that session: no path ever comes from the request.
/// </summary>
public static class ArtifactsEndpoints
{
    public static RouteGroupBuilder MapArtifacts(this RouteGroupBuilder api)
    {
        var artifacts = api.MapGroup("/artifacts").WithTags("artifacts");
        artifacts.MapGet("/", ListAsync);
        artifacts.MapGet("/{id}/content", ContentAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(string? project, string? session, HttpContext context, SessionReader reader)
    {
        var caller = context.Caller();
        string? projectId = null;
        if (!string.IsNullOrWhiteSpace(project))
        {
            if (await reader.ProjectAsync(project, context.RequestAborted).ConfigureAwait(false) is not { } found)
            {
                return SessionReader.UnknownProject(project);
            }

            projectId = found.Id;
        }

        IReadOnlyList<CodingSession> sessions;
        if (!string.IsNullOrWhiteSpace(session))
        {
            var one = await reader.FindAsync(caller, session, context.RequestAborted).ConfigureAwait(false);
            if (one is null || (projectId is not null && one.ProjectId != projectId))
            {
                return SessionReader.NotFound(session);
            }

            sessions = [one];
        }
        else
        {
            sessions = (await reader.ListAsync(caller, projectId, all: true, context.RequestAborted).ConfigureAwait(false))
                .Where(s => s.State != SessionStates.Deleted).ToList();
        }

        var projects = await reader.ProjectsAsync(context.RequestAborted).ConfigureAwait(false);
        var views = new List<ArtifactView>();
        foreach (var s in sessions)
        {
            if (!projects.TryGetValue(s.ProjectId, out var p))
            {
                continue;
            }

            foreach (var a in new SessionFiles(p.Path, s.Id).List())
            {
                views.Add(new ArtifactView(Uri.EscapeDataString(s.Id + "." + a.Name), s.Id, p.Slug, a.Name, a.SizeBytes,
                    new DateTimeOffset(File.GetLastWriteTimeUtc(a.Path), TimeSpan.Zero)));
            }
        }

        return Results.Ok(views);
    }

    private static async Task<IResult> ContentAsync(string id, HttpContext context, SessionReader reader)
    {
        var decoded = Uri.UnescapeDataString(id);
        var dot = decoded.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == decoded.Length - 1
            || await reader.FindAsync(context.Caller(), decoded[..dot], context.RequestAborted).ConfigureAwait(false) is not { } session
            || await reader.ProjectAsync(session.ProjectId, context.RequestAborted).ConfigureAwait(false) is not { } project
            || new SessionFiles(project.Path, session.Id).Find(decoded[(dot + 1)..]) is not { } artifact)
        {
            return Problems.Of(StatusCodes.Status404NotFound, "There is no such artifact you can see (GET /api/v1/artifacts?session=ID lists a session's).");
        }

        var type = Path.GetExtension(artifact.Name) is ".diff" or ".md" or ".jsonl" or ".log" ? "text/plain; charset=utf-8" : "application/octet-stream";
        return Results.File(artifact.Path, type, fileDownloadName: artifact.Name);
    }
}
