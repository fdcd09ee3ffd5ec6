using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.Api.Auth;
using Orchestrator.Core.Conversations;

namespace Orchestrator.Api.Agents;

/// <summary><c>GET /engines</c>: the engines an agent can use, with the models <c>/model</c> offers for each.</summary>
public static class EnginesEndpoints
{
    public static RouteGroupBuilder MapEngines(this RouteGroupBuilder api)
    {
        api.MapGet("/engines", async (HttpContext context, IAgentConversations conversations) =>
            Results.Ok(await conversations.EnginesAsync(context.Caller(), context.RequestAborted).ConfigureAwait(false)))
            .WithTags("agents");
        return api;
    }
}
