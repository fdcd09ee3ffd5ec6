using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.Api.Auth;
using Orchestrator.Api.Json;
using Orchestrator.Core.Conversations;

namespace Orchestrator.Api.Agents;

/// <summary>The body of <c>POST /agents</c>.</summary>
public sealed record CreateAgentBody(string? Name, string? Engine, long? ChatId, long? TopicId);

/// <summary>The body of <c>POST /agents/{id}/messages</c>: the prompt and the ids of images uploaded with <c>POST /images</c>.</summary>
public sealed record SendMessageBody(string? Text, IReadOnlyList<long>? ImageIds);

/// <summary>The body of <c>PUT /agents/{id}</c>: what to change (absent: unchanged; <c>""</c> for model or persona: back to none).</summary>
public sealed record UpdateAgentBody(string? Name, string? Emoji, string? Engine, string? Model, string? Folder, string? Persona);

/// <summary>The answer of <c>POST /agents/{id}/stop</c>.</summary>
public sealed record StopView(bool Stopped);

/// <summary>
/// Agents and chat: the same operations as <c>/agents</c>, <c>/agent new</c>, a message and <c>/stop</c> in Telegram
/// (<see cref="IAgentConversations"/>). A prompt's answer streams as events (<c>GET /stream/events</c>).
/// </summary>
public static class AgentsEndpoints
{
    /// <summary>The longest prompt accepted (the body limit is 64 KiB anyway).</summary>
    public const int MaxPromptLength = 32_000;

    public static RouteGroupBuilder MapAgents(this RouteGroupBuilder api)
    {
        var agents = api.MapGroup("/agents").WithTags("agents");
        agents.MapGet("/", async (HttpContext context, IAgentConversations conversations) =>
            Results.Ok(await conversations.ListAsync(context.Caller(), context.RequestAborted).ConfigureAwait(false)));

        agents.MapGet("/{id}", async (string id, HttpContext context, IAgentConversations conversations) =>
            Problems.From(await conversations.GetAsync(context.Caller(), id, context.RequestAborted).ConfigureAwait(false), Results.Ok));

        agents.MapPost("/", async (CreateAgentBody? body, HttpContext context, IAgentConversations conversations) =>
        {
            if (body?.Name is not { Length: > 0 } name)
            {
                return Problems.BadRequest("Give the agent a name: {\"name\": \"NAME\"} (letters, digits, - and _, up to 32).");
            }

            var result = await conversations.CreateAsync(context.Caller(), new NewAgent(name, body.Engine, body.ChatId, body.TopicId ?? 0), context.RequestAborted).ConfigureAwait(false);
            return Problems.From(result, agent => Results.Created($"/api/v1/agents/{agent.Id}", agent));
        });

        agents.MapPut("/{id}", async (string id, UpdateAgentBody? body, HttpContext context, IAgentConversations conversations) =>
        {
            if (body is null || (body.Name, body.Emoji, body.Engine, body.Model, body.Folder, body.Persona) is (null, null, null, null, null, null))
            {
                return Problems.BadRequest("Say what to change: {\"name\", \"emoji\", \"engine\", \"model\", \"folder\", \"persona\"} (any of them).");
            }

            var changes = new AgentChanges(body.Name, body.Emoji, body.Engine, body.Model, body.Folder, body.Persona);
            return Problems.From(await conversations.UpdateAsync(context.Caller(), id, changes, context.RequestAborted).ConfigureAwait(false), Results.Ok);
        });

        agents.MapGet("/{id}/messages", async (string id, int? limit, HttpContext context, IAgentConversations conversations) =>
            Problems.From(
                await conversations.HistoryAsync(context.Caller(), id, Math.Clamp(limit ?? 50, 1, 500), context.RequestAborted).ConfigureAwait(false),
                Results.Ok));

        agents.MapPost("/{id}/messages", async (string id, SendMessageBody? body, HttpContext context, IAgentConversations conversations) =>
        {
            var text = body?.Text ?? "";
            var images = body?.ImageIds ?? [];
            if (string.IsNullOrWhiteSpace(text) && images.Count == 0)
            {
                return Problems.BadRequest("Send a prompt: {\"text\": \"…\"}, optionally with \"image_ids\" from POST /api/v1/images.");
            }

            if (text.Length > MaxPromptLength)
            {
                return Problems.BadRequest($"The prompt is {text.Length} characters long; at most {MaxPromptLength} are accepted.");
            }

            if (images.Count > 10)
            {
                return Problems.BadRequest("At most 10 images go with one prompt.");
            }

            var result = await conversations.SendAsync(context.Caller(), id, new PromptRequest(text, images), context.RequestAborted).ConfigureAwait(false);
            return Problems.From(result, accepted => Results.Accepted($"/api/v1/agents/{id}/messages", accepted));
        });

        agents.MapPost("/{id}/stop", async (string id, HttpContext context, IAgentConversations conversations) =>
            Problems.From(await conversations.StopAsync(context.Caller(), id, context.RequestAborted).ConfigureAwait(false), stopped => Results.Ok(new StopView(stopped))));
        return api;
    }
}
