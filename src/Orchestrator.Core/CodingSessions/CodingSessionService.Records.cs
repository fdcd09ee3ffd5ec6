using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Events;
using Orchestrator.Core.Operations;

namespace Orchestrator.Core.CodingSessions;

/// <summary>
/// How every change of a session is recorded: the move through <see cref="SessionStates"/> (stored only if the session
/// did not change meanwhile), its event in the event log and a line in the session's own log, and the commands received.
/// </summary>
public sealed partial class CodingSessionService
{
    /// <summary>Moves the session to <paramref name="to"/> (refused if the machine does not allow it), stores it, appends the event.</summary>
    private async Task<CodingSession> MoveAsync(CodingSession session, string to, string? reason, string? actor, CancellationToken cancellationToken, Func<CodingSession, CodingSession>? change = null)
    {
        if (!SessionStates.CanMove(session.State, to))
        {
            throw new RefusedException(SessionStates.Refusal(session.Id, session.State, "move to " + to));
        }

        var moved = (change?.Invoke(session) ?? session) with { State = to, Reason = reason, UpdatedAt = time.GetUtcNow() };
        if (!await store.UpdateAsync(moved, session.State, cancellationToken, session.Turns).ConfigureAwait(false))
        {
            var now = await store.GetAsync(session.Id, cancellationToken).ConfigureAwait(false);
            throw new RefusedException($"Session {session.Id} changed meanwhile (it is {now?.State ?? "gone"}); try again.");
        }

        var summary = $"session {session.Id}: {session.State} → {to}" + (reason is null ? "" : $" ({reason})");
        await AppendAsync(moved, EventKinds.SessionState, summary, actor, cancellationToken, JsonSerializer.Serialize(new { from = session.State, to, reason }))
            .ConfigureAwait(false);
        return moved;
    }

    private async Task AppendAsync(CodingSession session, string kind, string summary, string? actor, CancellationToken cancellationToken, string? data = null)
    {
        await events.AppendAsync(
            new NewControlEvent(kind, summary, ProjectId: session.ProjectId, SessionId: session.Id, ChatId: session.ChatId, Actor: actor, Data: data),
            cancellationToken).ConfigureAwait(false);
        try
        {
            var project = await projects.FindAsync(session.ProjectId, cancellationToken).ConfigureAwait(false);
            if (project is not null)
            {
                await new SessionFiles(project.Path, session.Id).AppendLogAsync(time.GetUtcNow(), $"[{kind}] {summary}", cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("The log of session {SessionId} could not be written: {Error}", session.Id, ex.Message);
        }
    }

    private Task RecordCommandAsync(CodingSession session, Actor actor, string text, CancellationToken cancellationToken) =>
        store.RecordCommandAsync(new SessionCommandRecord(session.Id, actor.UserId, actor.Name, session.ChatId, time.GetUtcNow(), text, null), cancellationToken);

    internal static string Excerpt(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
