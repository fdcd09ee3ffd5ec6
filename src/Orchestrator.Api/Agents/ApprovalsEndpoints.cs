using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.Api.Auth;
using Orchestrator.Api.Json;
using Orchestrator.Core.Conversations;

namespace Orchestrator.Api.Agents;

/// <summary>The body of <c>POST /approvals/{id}</c>: <c>approve</c>, <c>approve_session</c> or <c>deny</c>.</summary>
public sealed record DecideApprovalBody(string? Decision);

/// <summary>
/// Approvals of plain agent chats: the same decision as the Telegram buttons (<see cref="IAgentApprovals"/>), by the
/// same people (the turn's requester or an admin of the bot).
/// </summary>
public static class ApprovalsEndpoints
{
    public static RouteGroupBuilder MapApprovals(this RouteGroupBuilder api)
    {
        api.MapGet("/agents/{id}/approvals", async (string id, HttpContext context, IAgentApprovals approvals) =>
            Problems.From(await approvals.PendingAsync(context.Caller(), id, context.RequestAborted).ConfigureAwait(false), Results.Ok))
            .WithTags("approvals");

        api.MapPost("/approvals/{id}", async (string id, DecideApprovalBody? body, HttpContext context, IAgentApprovals approvals) =>
        {
            ApprovalChoice? choice = body?.Decision switch
            {
                "approve" => ApprovalChoice.Approve,
                "approve_session" => ApprovalChoice.ApproveSession,
                "deny" => ApprovalChoice.Deny,
                _ => null,
            };
            if (choice is null)
            {
                return Problems.BadRequest("Decide with {\"decision\": \"approve\"}, \"approve_session\" or \"deny\".");
            }

            if (id.Length is 0 or > 64)
            {
                return Problems.Of(StatusCodes.Status404NotFound, "There is no such approval waiting.");
            }

            return Problems.From(await approvals.DecideAsync(context.Caller(), id, choice.Value, context.RequestAborted).ConfigureAwait(false), Results.Ok);
        }).WithTags("approvals");
        return api;
    }
}
