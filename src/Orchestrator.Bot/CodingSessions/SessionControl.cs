using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.Audit;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Conversations;
using Orchestrator.Core.Git;
using Orchestrator.Core.Operations;

namespace Orchestrator.Bot.CodingSessions;

/// <summary>
/// <see cref="ISessionControl"/> over the code the Telegram commands run: <see cref="SessionStarter"/> (as <c>/send</c>)
/// and <see cref="CodingSessionService"/> (as <c>/followup</c>, <c>/stop</c>, <c>/resume</c>, <c>/archive</c>,
/// <c>/delete</c>), with the per-user rate limit and the audit log entries Telegram writes. Every change is echoed to
/// the session's chat as <c>[Web] …</c> or <c>[CLI] …</c>, so the chat shows who did what from where; a new session is
/// announced there with its buttons, answering that echo.
/// </summary>
public sealed class SessionControl(
    SessionStarter starter,
    CodingSessionService sessions,
    CodingSessionStore store,
    ITelegramOutbox outbox,
    UserRateLimiter rateLimiter,
    AuditLog audit,
    ILogger<SessionControl> logger) : ISessionControl
{
    public async Task<OperationResult<CodingSession>> StartAsync(Caller caller, SendCommand command, string commandText, long? chatId, CancellationToken cancellationToken = default)
    {
        var chat = new ChatKey(chatId ?? caller.UserId, 0);
        if (chat.ChatId != caller.UserId && !caller.IsAdmin)
        {
            return OperationResult<CodingSession>.Fail(OperationStatus.Forbidden, "Only an admin of the bot may start sessions in another chat than their own private chat.");
        }

        if (rateLimiter.Take(caller.UserId) is { Decision: not RateDecision.Allow } limited)
        {
            return OperationResult<CodingSession>.Fail(OperationStatus.Conflict, $"Slow down: try again in {Math.Ceiling(limited.RetryAfter.TotalSeconds)} s (Access:RateLimit).");
        }

        var target = chat.ChatId > 0 ? ChatTarget.Private(chat.ChatId) : ChatTarget.Group(chat.ChatId);
        int echoId;
        try
        {
            echoId = await EchoAsync(target, caller, commandText, cancellationToken);
        }
        catch (global::Telegram.Bot.Exceptions.RequestException ex)
        {
            // The session's answers, diffs and buttons would have nowhere to go either.
            logger.LogInformation("{Channel} /send of user {UserId} refused: chat {ChatId} cannot be written to ({Error})", caller.Channel, caller.UserId, chat.ChatId, ex.Message);
            return OperationResult<CodingSession>.Fail(OperationStatus.Conflict,
                $"The bot cannot write to the Telegram chat {chat.ChatId} ({ex.Message}): open the chat with the bot in Telegram (send /start) and try again.");
        }

        await audit.RecordAsync(caller.UserId, caller.Name, chat.ChatId, chat.TopicId, AuditActions.Agent, $"{caller.Channel}: {commandText}", cancellationToken);
        try
        {
            var session = await starter.StartAsync(target, chat, ActorOf(caller), command, commandText, echoId, cancellationToken);
            logger.LogInformation("{Channel} /send of user {UserId}: session {SessionId} {State}", caller.Channel, caller.UserId, session.Id, session.State);
            return OperationResult<CodingSession>.Ok(session);
        }
        catch (RefusedException refused)
        {
            await outbox.SendAsync(target, OutgoingContent.FromPlainText("⛔ " + refused.Message), echoId, cancellationToken);
            return OperationResult<CodingSession>.Fail(OperationStatus.Invalid, refused.Message);
        }
    }

    public Task<OperationResult<CodingSession>> FollowUpAsync(Caller caller, string sessionId, string text, CancellationToken cancellationToken = default) =>
        ChangeAsync(caller, sessionId, id => $"/followup {id} {text}", (actor, s) => sessions.FollowUpAsync(s.Id, text, actor, cancellationToken), cancellationToken);

    public Task<OperationResult<CodingSession>> StopAsync(Caller caller, string sessionId, CancellationToken cancellationToken = default) =>
        ChangeAsync(caller, sessionId, id => $"/stop {id}", (actor, s) => sessions.StopAsync(s.Id, actor, cancellationToken), cancellationToken);

    public Task<OperationResult<CodingSession>> ResumeAsync(Caller caller, string sessionId, string? text, CancellationToken cancellationToken = default) =>
        ChangeAsync(caller, sessionId, id => $"/resume {id} {text}".TrimEnd(), (actor, s) => sessions.ResumeAsync(s.Id, text, actor, cancellationToken), cancellationToken);

    public Task<OperationResult<CodingSession>> ArchiveAsync(Caller caller, string sessionId, CancellationToken cancellationToken = default) =>
        ChangeAsync(caller, sessionId, id => $"/archive {id}", (actor, s) => sessions.ArchiveAsync(s.Id, actor, cancellationToken), cancellationToken);

    public async Task<OperationResult<DeletePreview>> PreviewDeleteAsync(Caller caller, string sessionId, CancellationToken cancellationToken = default)
    {
        var (session, problem) = await RequireAsync<DeletePreview>(caller, sessionId, cancellationToken);
        if (session is null)
        {
            return problem!;
        }

        try
        {
            return OperationResult<DeletePreview>.Ok(await sessions.PreviewDeleteAsync(session.Id, ActorOf(caller), cancellationToken));
        }
        catch (Exception ex) when (ex is RefusedException or GitException)
        {
            return OperationResult<DeletePreview>.Fail(OperationStatus.Conflict, ex.Message);
        }
    }

    public Task<OperationResult<CodingSession>> DeleteAsync(Caller caller, DeletePreview confirmed, bool deleteBranch, CancellationToken cancellationToken = default) =>
        ChangeAsync(caller, confirmed.Session.Id, id => $"/delete {id}{(deleteBranch ? " --delete-branch" : "")} (confirmed)",
            (actor, _) => sessions.DeleteAsync(confirmed, deleteBranch, actor, cancellationToken), cancellationToken);

    /// <summary>
    /// The session if the caller may see it (else "unknown", 404) and drive it (its requester or an admin, else 403);
    /// then the audit entry, the echo in its chat, and the core operation, whose refusals (a state that does not allow
    /// it, a worktree that changed since the preview) are 409s.
    /// </summary>
    private async Task<OperationResult<CodingSession>> ChangeAsync(
        Caller caller, string sessionId, Func<string, string> line, Func<Actor, CodingSession, Task<CodingSession>> change, CancellationToken cancellationToken)
    {
        var (session, problem) = await RequireAsync<CodingSession>(caller, sessionId, cancellationToken);
        if (session is null)
        {
            return problem!;
        }

        var text = line(session.Id);
        await audit.RecordAsync(caller.UserId, caller.Name, session.ChatId, session.TopicId, AuditActions.Agent, $"{caller.Channel}: {text}", cancellationToken);
        var target = CodingTurnRunner.TargetOf(session);
        int? echoId = null;
        try
        {
            echoId = await EchoAsync(target, caller, text, cancellationToken);
        }
        catch (global::Telegram.Bot.Exceptions.RequestException ex)
        {
            logger.LogInformation("The echo of {Channel} {Command} could not reach chat {ChatId}: {Error}", caller.Channel, text.Split(' ')[0], session.ChatId, ex.Message);
        }

        try
        {
            return OperationResult<CodingSession>.Ok(await change(ActorOf(caller), session));
        }
        catch (Exception ex) when (ex is RefusedException or WorktreeChangedException or GitException)
        {
            if (echoId is { } answered)
            {
                await outbox.SendAsync(target, OutgoingContent.FromPlainText("⛔ " + ex.Message), answered, cancellationToken);
            }

            return OperationResult<CodingSession>.Fail(OperationStatus.Conflict, ex.Message);
        }
    }

    private async Task<(CodingSession? Session, OperationResult<T>? Problem)> RequireAsync<T>(Caller caller, string sessionId, CancellationToken cancellationToken)
    {
        var id = sessionId.Trim().ToLowerInvariant();
        var session = SessionIds.IsWellFormed(id) ? await store.GetAsync(id, cancellationToken) : null;
        if (session is null || !SessionVisibility.MayView(caller, session))
        {
            return (null, OperationResult<T>.Fail(OperationStatus.NotFound, $"There is no session {Shorten(sessionId)} you can see (GET /api/v1/sessions lists yours)."));
        }

        return ActorOf(caller).MayControl(session.RequesterId)
            ? (session, null)
            : (null, OperationResult<T>.Fail(OperationStatus.Forbidden, $"Only {session.RequesterName}, who started session {session.Id}, or an admin of the bot can do that."));
    }

    private Task<int> EchoAsync(ChatTarget target, Caller caller, string text, CancellationToken cancellationToken)
    {
        var echo = $"[{caller.Channel}] {text}";
        return outbox.SendAsync(target, OutgoingContent.FromPlainText(echo.Length > 3900 ? echo[..3899] + "…" : echo), null, cancellationToken);
    }

    private static Actor ActorOf(Caller caller) => caller.AsActor();

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
