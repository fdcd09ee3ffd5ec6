using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.Api.Auth;
using Orchestrator.Core.Events;

namespace Orchestrator.Api.Events;

/// <summary><c>GET /events</c> (stored, filtered, newest first) and <c>GET /stream/events</c> (SSE, <see cref="EventStream"/>).</summary>
public static class EventsEndpoints
{
    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder api)
    {
        api.MapGet("/events", async (string? project, string? session, string? kind, long? after, int? limit, HttpContext context, IEventLog log) =>
        {
            var caller = context.Caller();

            // A user who is not an admin sees their own chat's events: the filter goes into the query, so the limit
            // counts their events (filtering the newest N afterwards could leave none while older ones of theirs exist).
            var query = new EventQuery(project, session, kind, after, Math.Clamp(limit ?? 50, 1, 1000), ChatId: caller.IsAdmin ? null : caller.UserId);
            var events = await log.ListAsync(query, context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(events.Where(e => EventVisibility.Sees(caller, e)).ToList());
        }).WithTags("events");

        api.MapGet("/stream/events", (HttpContext context, EventStream stream) => stream.RunAsync(context))
            .WithTags("events")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return api;
    }
}
