using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Agents;
using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Core.CodingSessions;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.CodingSessions;

/// <summary>
/// <see cref="ISessionTurnRunner"/> over the chat turn machinery: the engine session (resumed by its thread id), a
/// <c>turns</c> row, a <see cref="TurnRun"/> with its live message, Stop button and approvals (requester rules), in the
/// session's chat. Several sessions' turns run at once in one chat; each keeps its engine session open between turns.
/// </summary>
public sealed class CodingTurnRunner(
    EngineRegistry engines,
    AgentStore agents,
    TurnStore turns,
    ChatRuntimes runtimes,
    ApprovalBroker approvals,
    ITelegramOutbox outbox,
    IOptions<AgentsOptions> options,
    Security.SecretRedactor redactor,
    ILogger<CodingTurnRunner> logger) : ISessionTurnRunner, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, IAgentSession> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TurnRun> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, string> _stopReasons = new();

    public async Task<SessionTurn> StartTurnAsync(SessionTurnRequest request, CancellationToken cancellationToken = default)
    {
        var session = request.Session;
        var key = new ChatKey(session.ChatId, session.TopicId);
        var engineSession = await OpenAsync(request, cancellationToken);

        // The turns row needs an agent of the chat: the named one, else the chat's current agent.
        var agent = await agents.FindByNameAsync(key, session.Agent, cancellationToken)
            ?? await agents.GetOrCreateCurrentAsync(key, () => AgentRecord.Default(key, options.Value), cancellationToken);
        var turnId = await turns.StartAsync(
            new TurnRecord
            {
                AgentId = agent.Id, SessionId = engineSession.SessionId, ChatId = key.ChatId, TopicId = key.TopicId,
                UserId = session.RequesterId, Prompt = $"[session {session.Id}] {request.Prompt}",
            },
            cancellationToken);
        IAgentTurn turn;
        try
        {
            turn = await engineSession.StartTurnAsync([new TextInput(request.Prompt)], cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await turns.EndAsync(turnId, TurnStatus.Failed, null, ex.Message, null, null, null, CancellationToken.None);
            _open.TryRemove(session.Id, out _);
            throw;
        }

        var target = TargetOf(session);
        var context = new TurnRunContext(outbox, turns, approvals, logger, options.Value.TypingInterval, TimeSpan.FromMinutes(15), redactor)
        {
            // A session goes on with /resume (which re-opens its thread and worktree), not with a chat message.
            FailedHint = $"/resume {session.Id} to go on.",
            CodingSession = new SessionScope(session.ProjectId, session.Id), // its approvals' events name the session
        };
        var requester = new User { Id = session.RequesterId, FirstName = session.RequesterName };
        var run = new TurnRun(turnId, key, target, turn, outbox.CreateLive(target, session.MessageId), context, requester);
        run.Start();
        runtimes.TrackSessionTurn(run);
        _running[session.Id] = run;
        logger.LogInformation("Turn {TurnId} of coding session {SessionId} started in {Folder}", turnId, session.Id, request.WorkingDirectory);
        return new SessionTurn(engineSession.SessionId, ResultAsync(session.Id, run, turn));
    }

    public async Task<bool> StopAsync(string sessionId, string reason, CancellationToken cancellationToken = default)
    {
        if (!_running.TryGetValue(sessionId, out var run) || !run.IsRunning)
        {
            return false;
        }

        _stopReasons.TryAdd(run.TurnId, reason);
        await run.StopAsync(reason, cancellationToken);
        return true;
    }

    public Task ArchiveThreadAsync(CodingSession session, CancellationToken cancellationToken = default) =>
        ChangeThreadAsync(session, (threads, id) => threads.ArchiveThreadAsync(id, cancellationToken));

    public Task DeleteThreadAsync(CodingSession session, CancellationToken cancellationToken = default) =>
        ChangeThreadAsync(session, (threads, id) => threads.DeleteThreadAsync(id, cancellationToken));

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _open.Values)
        {
            await session.DisposeAsync();
        }

        _open.Clear();
    }

    public static ChatTarget TargetOf(CodingSession session) =>
        session.ChatId > 0
            ? ChatTarget.Private(session.ChatId)
            : ChatTarget.Group(session.ChatId, session.TopicId == 0 ? null : (int)session.TopicId);

    private async Task<IAgentSession> OpenAsync(SessionTurnRequest request, CancellationToken cancellationToken)
    {
        var session = request.Session;
        if (_open.TryGetValue(session.Id, out var open))
        {
            return open;
        }

        var engine = engines.Get(session.Engine);
        // Read-only (analyze, review): Codex's read-only sandbox with nothing to approve, since an approved escalation
        // would run outside the sandbox and could write after all; Claude's plan mode.
        var sessionOptions = new AgentSessionOptions(
            request.WorkingDirectory, session.Model, Persona: null,
            ApprovalPolicy: request.ReadOnly ? "never" : options.Value.ApprovalPolicy,
            Sandbox: request.ReadOnly ? "read-only" : options.Value.Sandbox,
            PermissionMode: request.ReadOnly ? "plan" : null);
        IAgentSession opened;
        if (session.ThreadId is { } thread)
        {
            try
            {
                opened = await engine.ResumeSessionAsync(thread, sessionOptions, cancellationToken);
            }
            catch (AgentSessionNotFoundException ex)
            {
                logger.LogWarning("Thread {ThreadId} of coding session {SessionId} cannot be resumed ({Error}); starting a new one", thread, session.Id, ex.Message);
                opened = await engine.StartSessionAsync(sessionOptions, cancellationToken);
            }
        }
        else
        {
            opened = await engine.StartSessionAsync(sessionOptions, cancellationToken);
        }

        if (opened.SessionId != session.ThreadId && request.ThreadName is { } name && engine is IAgentThreads threads)
        {
            try
            {
                await threads.RenameThreadAsync(opened.SessionId, name, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The name only helps someone browsing the engine's own thread list; the session works without it.
                logger.LogWarning("Thread {ThreadId} of coding session {SessionId} could not be named: {Error}", opened.SessionId, session.Id, ex.Message);
            }
        }

        _open[session.Id] = opened;
        return opened;
    }

    /// <summary>Closes the session's open engine session and applies <paramref name="change"/> to its thread, if the engine keeps threads.</summary>
    private async Task ChangeThreadAsync(CodingSession session, Func<IAgentThreads, string, Task> change)
    {
        if (_open.TryRemove(session.Id, out var open))
        {
            await open.DisposeAsync();
        }

        if (session.ThreadId is { } thread && engines.Get(session.Engine) is IAgentThreads threads)
        {
            await change(threads, thread);
            logger.LogInformation("Thread {ThreadId} of coding session {SessionId} is now {State}", thread, session.Id, session.State);
        }
    }

    private async Task<SessionTurnResult> ResultAsync(string sessionId, TurnRun run, IAgentTurn turn)
    {
        TurnEnded ended;
        try
        {
            await run.Completion;
            ended = await turn.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex)
        {
            ended = new TurnEnded(TurnOutcome.Failed, ex.Message);
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, TurnRun>(sessionId, run));
        }

        var outcome = ended.Outcome switch
        {
            TurnOutcome.Completed => SessionTurnOutcome.Completed,
            TurnOutcome.Interrupted => SessionTurnOutcome.Stopped,
            _ => SessionTurnOutcome.Failed,
        };
        if (outcome == SessionTurnOutcome.Failed)
        {
            _open.TryRemove(sessionId, out _); // reopen (resume the thread) on the next turn
        }

        var stopReason = _stopReasons.TryRemove(run.TurnId, out var given) ? given : "stopped (the bot is shutting down)";
        var text = run.FinalText.Length > 0 ? run.FinalText : ended.FinalText ?? "";
        return new SessionTurnResult(outcome, outcome == SessionTurnOutcome.Completed ? null : (outcome == SessionTurnOutcome.Stopped ? stopReason : ended.Error),
            text, ended.Usage?.InputTokens ?? 0, ended.Usage?.OutputTokens ?? 0, ended.Diff);
    }
}
