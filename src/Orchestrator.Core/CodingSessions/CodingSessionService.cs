using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Core.Events;
using Orchestrator.Core.Git;
using Orchestrator.Core.Operations;
using Orchestrator.Core.Projects;

namespace Orchestrator.Core.CodingSessions;

/// <summary>Where a session's command came from: the chat (and topic), the command as typed and its message (the first turn answers it).</summary>
public sealed record SessionOrigin(long ChatId, long TopicId, string CommandText, int? MessageId = null);

/// <summary>
/// The coding-session operations every face calls: start (from a <see cref="SendCommand"/>), follow up, stop, resume,
/// archive, delete (after a preview), and the recovery at start. Every state change goes through
/// <see cref="SessionStates"/> and is stored and appended to the event log; operations on one session are serialized.
/// </summary>
public sealed partial class CodingSessionService(
    CodingSessionStore store,
    ProjectStore projects,
    IWorktrees git,
    ISessionTurnRunner runner,
    ISessionNotifier notifier,
    IEventLog events,
    IOptions<SessionsOptions> options,
    TimeProvider time,
    ILogger<CodingSessionService> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _turns = new(StringComparer.Ordinal);

    /// <summary>Turn endings still being processed (for an orderly shutdown).</summary>
    public IReadOnlyCollection<Task> PendingTurns => _turns.Values.ToList();

    /// <summary>
    /// Creates the session (a worktree for implement and plan) and starts its first turn. <paramref name="engine"/> is
    /// the engine the face resolved <see cref="SendCommand.Agent"/> to. A session that cannot start comes back failed
    /// with the reason; bad input is refused before anything is stored.
    /// </summary>
    public async Task<CodingSession> StartAsync(SendCommand command, string engine, Actor actor, SessionOrigin origin, CancellationToken cancellationToken = default)
    {
        var project = await projects.FindAsync(command.Project, cancellationToken).ConfigureAwait(false)
            ?? throw new RefusedException($"There is no project “{command.Project}”. /projects lists them.");
        if (!SessionActions.UsesWorktree(command.Action))
        {
            // The worktree layer does this for implement and plan; a read-only session's log and artifacts are under the
            // checkout's .orchestrator/ as well, and must not show up there as untracked files.
            try
            {
                await git.ExcludeSessionFilesAsync(project.Path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is GitException or IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("{Project}: .orchestrator/ could not be added to info/exclude: {Error}", project.Slug, ex.Message);
            }
        }

        var now = time.GetUtcNow();
        CodingSession session;
        do
        {
            session = new CodingSession
            {
                Id = SessionIds.New(), ProjectId = project.Id, Agent = command.Agent, Engine = engine, Action = command.Action,
                Task = command.Task, Model = command.Model, State = SessionStates.Created, RequesterId = actor.UserId,
                RequesterName = actor.Name, ChatId = origin.ChatId, TopicId = origin.TopicId, MessageId = origin.MessageId, CreatedAt = now, UpdatedAt = now,
            };
        }
        while (!await store.TryInsertAsync(session, cancellationToken).ConfigureAwait(false));

        await store.RecordCommandAsync(
            new SessionCommandRecord(session.Id, actor.UserId, actor.Name, origin.ChatId, now, origin.CommandText, JsonSerializer.Serialize(command)),
            cancellationToken).ConfigureAwait(false);
        await AppendAsync(session, EventKinds.CommandReceived, $"{actor.Name}: {Excerpt(origin.CommandText, 200)}", actor.Name, cancellationToken).ConfigureAwait(false);
        await AppendAsync(session, EventKinds.SessionState, $"session {session.Id} created: {command.Agent} {command.Action} {project.Slug}", actor.Name, cancellationToken).ConfigureAwait(false);

        var gate = Gate(session.Id);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (session.UsesWorktree)
            {
                try
                {
                    session = await AttachWorktreeAsync(session, project, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is GitException or IOException)
                {
                    logger.LogWarning(ex, "The worktree of session {SessionId} could not be created", session.Id);
                    return await MoveAsync(session, SessionStates.Failed, "the worktree could not be created: " + ex.Message, actor.Name, cancellationToken).ConfigureAwait(false);
                }
            }

            return await RunTurnAsync(session, project, SessionActions.FirstPrompt(session.Action, session.Task), actor.Name, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Sends <paramref name="text"/> to a session waiting for the user (its answer ended).</summary>
    public Task<CodingSession> FollowUpAsync(string id, string text, Actor actor, CancellationToken cancellationToken = default) =>
        ContinueAsync(id, text, "follow up", [SessionStates.WaitingForUser], actor, cancellationToken);

    /// <summary>Continues a stopped or failed session in its thread (and worktree, re-attached if it is gone).</summary>
    public Task<CodingSession> ResumeAsync(string id, string? text, Actor actor, CancellationToken cancellationToken = default) =>
        ContinueAsync(id, string.IsNullOrWhiteSpace(text) ? "Continue the task where you left off." : text, "resume",
            [SessionStates.Stopped, SessionStates.Failed], actor, cancellationToken);

    /// <summary>Interrupts the session's running turn (it then ends stopped).</summary>
    public async Task<CodingSession> StopAsync(string id, Actor actor, CancellationToken cancellationToken = default)
    {
        var session = await RequireAsync(id, actor, cancellationToken).ConfigureAwait(false);
        if (session.State is not (SessionStates.Running or SessionStates.Created))
        {
            throw new RefusedException(SessionStates.Refusal(session.Id, session.State, "stop"));
        }

        await RecordCommandAsync(session, actor, "/stop " + session.Id, cancellationToken).ConfigureAwait(false);
        if (await runner.StopAsync(session.Id, $"Stopped by {actor.Name}.", cancellationToken).ConfigureAwait(false))
        {
            return session; // the turn's end moves it to stopped
        }

        // No turn runs (it ended meanwhile, or its process is gone): stop the record itself.
        var gate = Gate(session.Id);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            session = await RequireAsync(id, actor, cancellationToken).ConfigureAwait(false);
            return session.State == SessionStates.Running
                ? await MoveAsync(session, SessionStates.Stopped, $"stopped by {actor.Name}", actor.Name, cancellationToken).ConfigureAwait(false)
                : session;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Puts a finished session away (its worktree and branch stay until it is deleted).</summary>
    public async Task<CodingSession> ArchiveAsync(string id, Actor actor, CancellationToken cancellationToken = default)
    {
        var gate = Gate(id);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var session = await RequireAsync(id, actor, cancellationToken).ConfigureAwait(false);
            session = await CloseIfWaitingAsync(session, actor, cancellationToken).ConfigureAwait(false);
            if (!SessionStates.CanMove(session.State, SessionStates.Archived))
            {
                throw new RefusedException(SessionStates.Refusal(session.Id, session.State, "archive"));
            }

            await RecordCommandAsync(session, actor, "/archive " + session.Id, cancellationToken).ConfigureAwait(false);
            var archived = await MoveAsync(session, SessionStates.Archived, $"archived by {actor.Name}", actor.Name, cancellationToken).ConfigureAwait(false);
            await ThreadChangeAsync(archived, "archived", runner.ArchiveThreadAsync, cancellationToken).ConfigureAwait(false);
            return archived;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Remembers the chat message that shows the session (replies to it are follow-ups).</summary>
    public async Task SetMessageAsync(string id, int messageId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var session = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (await store.UpdateAsync(session with { MessageId = messageId }, session.State, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>
    /// At start: a session left running (or created) by a crash is failed with "the bot restarted", so it can be resumed.
    /// </summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var count = 0;
        foreach (var state in new[] { SessionStates.Running, SessionStates.Created })
        {
            foreach (var session in await store.ListInStateAsync(state, cancellationToken).ConfigureAwait(false))
            {
                await MoveAsync(session, SessionStates.Failed, "the bot restarted", null, cancellationToken).ConfigureAwait(false);
                count++;
            }
        }

        return count;
    }

    private async Task<CodingSession> ContinueAsync(
        string id, string text, string attempted, string[] from, Actor actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > SendCommand.MaxTaskLength)
        {
            throw new RefusedException($"Say what to send (at most {SendCommand.MaxTaskLength} characters).");
        }

        var gate = Gate(NormalizeId(id));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var session = await RequireAsync(id, actor, cancellationToken).ConfigureAwait(false);
            if (!from.Contains(session.State))
            {
                throw new RefusedException(SessionStates.Refusal(session.Id, session.State, attempted));
            }

            await RecordCommandAsync(session, actor, $"/{attempted.Replace(" ", "", StringComparison.Ordinal)} {session.Id} {text}", cancellationToken).ConfigureAwait(false);
            var project = await ProjectOfAsync(session, cancellationToken).ConfigureAwait(false);
            if (session.UsesWorktree && (session.WorktreePath is null || !Directory.Exists(session.WorktreePath)))
            {
                session = await AttachWorktreeAsync(session, project, cancellationToken).ConfigureAwait(false);
            }

            return await RunTurnAsync(session, project, text, actor.Name, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The session, if <paramref name="actor"/> may see it and drive it (its requester or an admin).</summary>
    private async Task<CodingSession> RequireAsync(string id, Actor actor, CancellationToken cancellationToken)
    {
        var session = await GetAsync(id, actor, cancellationToken).ConfigureAwait(false);
        if (!actor.MayControl(session.RequesterId))
        {
            throw new RefusedException($"Only {session.RequesterName}, who started session {session.Id}, or an admin of the bot can do that.");
        }

        return session;
    }

    /// <summary>A session that answered and waits for the user is completed first when the user closes it.</summary>
    private async Task<CodingSession> CloseIfWaitingAsync(CodingSession session, Actor actor, CancellationToken cancellationToken) =>
        session.State == SessionStates.WaitingForUser
            ? await MoveAsync(session, SessionStates.Completed, $"closed by {actor.Name}", actor.Name, cancellationToken).ConfigureAwait(false)
            : session;

    /// <summary>
    /// Archives or deletes the session's engine thread with it. The session's own change stands either way: an engine
    /// that is down or refuses only costs the thread's tidiness, so it is logged, not shown as a failure.
    /// </summary>
    private async Task ThreadChangeAsync(CodingSession session, string what, Func<CodingSession, CancellationToken, Task> change, CancellationToken cancellationToken)
    {
        if (session.ThreadId is null)
        {
            return;
        }

        try
        {
            await change(session, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The {Engine} thread {ThreadId} of session {SessionId} could not be {What}: {Error}",
                session.Engine, session.ThreadId, session.Id, what, ex.Message);
        }
    }

    private SemaphoreSlim Gate(string id) => _locks.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));

    private static string NormalizeId(string id) => id.Trim().ToLowerInvariant();
}
