using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.Api.Auth;
using Orchestrator.Api.Json;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Conversations;
using Orchestrator.Core.Git;
using Orchestrator.Core.Operations;

namespace Orchestrator.Api.Sessions;

/// <summary>
/// Coding sessions: the same operations as <c>/send</c>, <c>/sessions</c>, <c>/session</c>, <c>/followup</c>, <c>/stop</c>,
/// <c>/resume</c>, <c>/archive</c>, <c>/delete</c> and the Diff button in Telegram (changes through
/// <see cref="ISessionControl"/>, reads through the core). A session the caller may not see is a 404 like an unknown one.
/// </summary>
public static class SessionsEndpoints
{
    public const int MaxLogLines = 1000;

    /// <summary>A diff is cut here (the file stats stay whole).</summary>
    public const int MaxDiffBytes = 1024 * 1024;

    public static RouteGroupBuilder MapSessions(this RouteGroupBuilder api)
    {
        var sessions = api.MapGroup("/sessions").WithTags("sessions");
        sessions.MapGet("/", ListAsync);
        sessions.MapPost("/", StartAsync);
        sessions.MapGet("/{id}", async (string id, HttpContext context, SessionReader reader) =>
            await reader.FindAsync(context.Caller(), id, context.RequestAborted).ConfigureAwait(false) is { } session
                ? Results.Ok(await reader.ViewAsync(session, context.RequestAborted).ConfigureAwait(false))
                : SessionReader.NotFound(id));

        sessions.MapPost("/{id}/followup", async (string id, SessionTextBody? body, HttpContext context, ISessionControl control, SessionReader reader) =>
        {
            if (CheckText(body?.Text, required: true) is { } bad)
            {
                return bad;
            }

            var result = await control.FollowUpAsync(context.Caller(), id, body!.Text!, context.RequestAborted).ConfigureAwait(false);
            return await AnswerAsync(result, reader, view => Results.Accepted($"/api/v1/sessions/{view.Id}", view), context.RequestAborted).ConfigureAwait(false);
        });

        sessions.MapPost("/{id}/resume", async (string id, SessionTextBody? body, HttpContext context, ISessionControl control, SessionReader reader) =>
        {
            if (CheckText(body?.Text, required: false) is { } bad)
            {
                return bad;
            }

            var result = await control.ResumeAsync(context.Caller(), id, body?.Text, context.RequestAborted).ConfigureAwait(false);
            return await AnswerAsync(result, reader, view => Results.Accepted($"/api/v1/sessions/{view.Id}", view), context.RequestAborted).ConfigureAwait(false);
        });

        sessions.MapPost("/{id}/stop", async (string id, HttpContext context, ISessionControl control, SessionReader reader) =>
            await AnswerAsync(await control.StopAsync(context.Caller(), id, context.RequestAborted).ConfigureAwait(false), reader, Results.Ok, context.RequestAborted)
                .ConfigureAwait(false));

        sessions.MapPost("/{id}/archive", async (string id, HttpContext context, ISessionControl control, SessionReader reader) =>
            await AnswerAsync(await control.ArchiveAsync(context.Caller(), id, context.RequestAborted).ConfigureAwait(false), reader, Results.Ok, context.RequestAborted)
                .ConfigureAwait(false));

        sessions.MapGet("/{id}/cleanup-preview", async (string id, HttpContext context, ISessionControl control) =>
            Problems.From(await control.PreviewDeleteAsync(context.Caller(), id, context.RequestAborted).ConfigureAwait(false),
                preview => Results.Ok(CleanupPreviews.View(preview))));

        sessions.MapPost("/{id}/delete", DeleteAsync);
        sessions.MapGet("/{id}/log-tail", LogTailAsync);
        sessions.MapGet("/{id}/diff", DiffAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(string? project, string? state, bool? archived, int? limit, HttpContext context, SessionReader reader)
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

        var states = new[] { SessionStates.Archived, SessionStates.Deleted }.Concat(SessionStates.Active).ToList();
        if (state is not null && !states.Contains(state))
        {
            return Problems.BadRequest($"Unknown state “{(state.Length > 40 ? state[..40] : state)}”: use one of {string.Join(", ", states)}.");
        }

        // Default: active sessions; archived=true adds the archived ones; a state filter shows that state wherever it is.
        var list = await reader.ListAsync(caller, projectId, all: state is not null || archived == true, context.RequestAborted).ConfigureAwait(false);
        var shown = list.Where(s => state is not null ? s.State == state : s.State != SessionStates.Deleted)
            .Take(Math.Clamp(limit ?? 50, 1, SessionReader.ScanLimit));
        return Results.Ok(await reader.ViewsAsync(shown, context.RequestAborted).ConfigureAwait(false));
    }

    private static async Task<IResult> StartAsync(StartSessionBody? body, HttpContext context, ISessionControl control, SessionReader reader)
    {
        if (body is not { Agent: { Length: > 0 } agent, Action: { Length: > 0 } action, Project: { Length: > 0 } project })
        {
            return Problems.BadRequest("Say which agent does what where: {\"agent\": \"codex\", \"action\": \"implement\", \"project\": \"SLUG\", \"task\": \"…\"} (" + SendCommand.Usage + ")");
        }

        SendCommand command;
        try
        {
            command = SendCommand.Of(agent, action, project, body.Task, body.Model);
        }
        catch (RefusedException refused)
        {
            return Problems.BadRequest(refused.Message);
        }

        var text = CommandText(command);
        var result = await control.StartAsync(context.Caller(), command, text, body.ChatId, context.RequestAborted).ConfigureAwait(false);
        return await AnswerAsync(result, reader, view => Results.Created($"/api/v1/sessions/{view.Id}", view), context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<IResult> DeleteAsync(string id, DeleteSessionBody? body, HttpContext context, ISessionControl control, SessionReader reader)
    {
        var caller = context.Caller();
        var preview = await control.PreviewDeleteAsync(caller, id, context.RequestAborted).ConfigureAwait(false);
        if (preview.Status != OperationStatus.Ok)
        {
            return Problems.From(preview, _ => Results.Ok());
        }

        var view = CleanupPreviews.View(preview.Value!);
        if (!string.Equals(body?.Confirm, view.Confirm, StringComparison.Ordinal))
        {
            // The client confirms what it showed; anything else (no confirm, an older preview) gets the current one to show.
            var detail = body?.Confirm is null
                ? $"Deleting session {view.SessionId} needs the \"confirm\" of its cleanup preview (included here): show it, then send it back."
                : $"Session {view.SessionId} changed since that preview: the current one is included; show it and confirm again.";
            return Results.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["preview"] = view });
        }

        var deleted = await control.DeleteAsync(caller, preview.Value!, body!.DeleteBranch ?? false, context.RequestAborted).ConfigureAwait(false);
        return await AnswerAsync(deleted, reader, Results.Ok, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<IResult> LogTailAsync(string id, int? lines, HttpContext context, SessionReader reader)
    {
        if (await reader.FindAsync(context.Caller(), id, context.RequestAborted).ConfigureAwait(false) is not { } session)
        {
            return SessionReader.NotFound(id);
        }

        if (await reader.ProjectAsync(session.ProjectId, context.RequestAborted).ConfigureAwait(false) is not { } project)
        {
            return Results.Ok(new LogTailView(session.Id, []));
        }

        var count = Math.Clamp(lines ?? 50, 1, MaxLogLines);
        return Results.Ok(new LogTailView(session.Id, new SessionFiles(project.Path, session.Id).LastLogLines(count)));
    }

    private static async Task<IResult> DiffAsync(string id, HttpContext context, SessionReader reader, IWorktrees git)
    {
        if (await reader.FindAsync(context.Caller(), id, context.RequestAborted).ConfigureAwait(false) is not { } session)
        {
            return SessionReader.NotFound(id);
        }

        if (session is not { WorktreePath: { } path, BaseCommit: { } baseCommit } || !Directory.Exists(path))
        {
            // Read-only sessions change nothing; a deleted session's worktree is gone.
            return Results.Ok(new DiffView(session.Id, session.Branch, session.BaseCommit, "", false, []));
        }

        WorktreeDiff diff;
        try
        {
            diff = await git.DiffAsync(path, baseCommit, context.RequestAborted).ConfigureAwait(false);
        }
        catch (GitException failed)
        {
            return Problems.Of(StatusCodes.Status409Conflict, $"git could not diff session {session.Id}'s worktree: {failed.Message}");
        }

        var (patch, cut) = Cut(diff.Patch, MaxDiffBytes);
        return Results.Ok(new DiffView(session.Id, session.Branch, baseCommit, patch, cut || diff.PatchTruncated,
            diff.Files.Select(f => new DiffFileView(f.Path, f.Added, f.Removed)).ToList()));
    }

    /// <summary>The command as <c>/send</c> would have it (echoed to the chat and recorded).</summary>
    public static string CommandText(SendCommand c) =>
        $"/send {c.Agent} {c.Action} {c.Project} {c.Task}".TrimEnd() + (c.Model is null ? "" : " --model " + c.Model);

    /// <summary>The operation's session as a view through <paramref name="ok"/>, or its problem.</summary>
    public static async Task<IResult> AnswerAsync(OperationResult<CodingSession> result, SessionReader reader, Func<SessionView, IResult> ok, CancellationToken cancellationToken) =>
        result.Status == OperationStatus.Ok
            ? ok(await reader.ViewAsync(result.Value!, cancellationToken).ConfigureAwait(false))
            : Problems.From(result, _ => Results.Ok());

    private static IResult? CheckText(string? text, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(text))
        {
            return Problems.BadRequest("Say what to send: {\"text\": \"…\"}.");
        }

        return text is { Length: > SendCommand.MaxTaskLength }
            ? Problems.BadRequest($"The text is {text.Length} characters long; at most {SendCommand.MaxTaskLength} are accepted.")
            : null;
    }

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxBytes"/> UTF-8 bytes, at a character boundary.</summary>
    public static (string Text, bool Cut) Cut(string text, int maxBytes)
    {
        if (text.Length <= maxBytes / 4 || Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return (text, false);
        }

        var length = Math.Min(text.Length, maxBytes);
        while (Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > maxBytes)
        {
            length -= Math.Max(1, length / 100);
        }

        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return (text[..length], true);
    }
}
