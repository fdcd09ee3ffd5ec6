using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.Api.Auth;
using Orchestrator.Api.Json;
using Orchestrator.Api.Sessions;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Conversations;
using Orchestrator.Core.Operations;

namespace Orchestrator.Api.Commands;

/// <summary>
/// Commands: what was asked of the control plane (who, when, the text, the parsed parts), and <c>POST /commands</c>,
/// a <c>/send</c> line as typed, which starts a session through the same operation as <c>POST /sessions</c>.
/// </summary>
public static class CommandsEndpoints
{
    private static readonly JsonSerializerOptions ParsedJson = new() { PropertyNameCaseInsensitive = true };

    public static RouteGroupBuilder MapCommands(this RouteGroupBuilder api)
    {
        var commands = api.MapGroup("/commands").WithTags("commands");
        commands.MapGet("/", async (string? session, int? limit, HttpContext context, SessionReader reader, CodingSessionStore store) =>
        {
            var caller = context.Caller();
            string? sessionId = null;
            if (!string.IsNullOrWhiteSpace(session))
            {
                if (await reader.FindAsync(caller, session, context.RequestAborted).ConfigureAwait(false) is not { } found)
                {
                    return SessionReader.NotFound(session);
                }

                sessionId = found.Id;
            }

            var list = await store.ListCommandsAsync(sessionId, caller.IsAdmin ? null : caller.UserId, Math.Clamp(limit ?? 50, 1, 500), context.RequestAborted)
                .ConfigureAwait(false);
            return Results.Ok(list.Select(View).ToList());
        });

        commands.MapPost("/", async (PostCommandBody? body, HttpContext context, ISessionControl control, SessionReader reader, CodingSessionStore store) =>
        {
            var text = body?.Text?.Trim() ?? "";
            if (text.StartsWith("/send", StringComparison.OrdinalIgnoreCase))
            {
                text = text[5..].Trim();
            }

            if (text.Length == 0 || text.Length > SendCommand.MaxTaskLength + 300)
            {
                return Problems.BadRequest("Send a command: {\"text\": \"AGENT ACTION PROJECT [TASK…] [--model MODEL]\"}, e.g. \"codex implement app add a README\".");
            }

            SendCommand command;
            try
            {
                command = SendCommand.Parse(text);
            }
            catch (RefusedException refused)
            {
                return Problems.BadRequest(refused.Message);
            }

            var result = await control.StartAsync(context.Caller(), command, "/send " + text, body!.ChatId, context.RequestAborted).ConfigureAwait(false);
            if (result.Status != OperationStatus.Ok)
            {
                return Problems.From(result, _ => Results.Ok());
            }

            var session = result.Value!;
            var recorded = (await store.ListCommandsAsync(session.Id, null, 500, context.RequestAborted).ConfigureAwait(false)).MinBy(c => c.Id);
            var view = await reader.ViewAsync(session, context.RequestAborted).ConfigureAwait(false);
            return recorded is null
                ? Problems.Of(StatusCodes.Status500InternalServerError, "The session started but its command was not recorded.")
                : Results.Created($"/api/v1/sessions/{session.Id}", new CommandPosted(View(recorded), view));
        });
        return api;
    }

    public static CommandView View(StoredSessionCommand stored)
    {
        var c = stored.Command;
        return new CommandView(stored.Id, c.SessionId, c.UserId, c.UserName, c.ChatId, c.At, c.Text, Parse(c.Parsed));
    }

    private static ParsedCommandView? Parse(string? parsed)
    {
        if (string.IsNullOrEmpty(parsed))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<SendCommand>(parsed, ParsedJson) is { } c
                ? new ParsedCommandView(c.Agent, c.Action, c.Project, c.Task, c.Model)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
