using Microsoft.Extensions.Logging;
using Orchestrator.Agents;
using Orchestrator.Bot.Media;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Telegram;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// Starting a turn: the agent's engine session (opened, or resumed after a restart, or replaced when the engine no
/// longer knows it), the turn's record, its live reply, and the audit entry and <c>turn.started</c> event.
/// </summary>
public sealed partial class AgentChat
{
    private async Task<TurnRun?> StartTurnAsync(
        ChatRuntime runtime, AgentRecord agent, IncomingMessage incoming, PromptInput input, IReadOnlyList<StoredImage> stored, CancellationToken cancellationToken)
    {
        var message = incoming.Message;
        IAgentSession session;
        try
        {
            var engine = engines.Get(agent.Engine);
            session = await OpenSessionAsync(runtime, agent, engine, incoming, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not open a session of agent {AgentId} ({Engine})", agent.Id, agent.Engine);
            await ReplyAsync(incoming, $"❌ Could not start the {agent.Engine} agent: {SignInHint.AddTo(ex.Message)}", cancellationToken);
            return null;
        }

        var turnId = await turns.StartAsync(
            new TurnRecord
            {
                AgentId = agent.Id,
                SessionId = session.SessionId,
                ChatId = runtime.Key.ChatId,
                TopicId = runtime.Key.TopicId,
                UserId = message.From!.Id,
                Prompt = input.Prompt,
            },
            cancellationToken);
        await media.AttachToSessionAsync(session.SessionId, stored, cancellationToken);
        await book.TurnStartedAsync(agent.Id, session.SessionId, input.Prompt, cancellationToken);

        IAgentTurn turn;
        try
        {
            turn = await session.StartTurnAsync(input.Inputs, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Turn {TurnId} could not start", turnId);
            await turns.EndAsync(turnId, TurnStatus.Failed, null, ex.Message, null, null, null, CancellationToken.None);
            runtime.Session = null; // reopen (resume) on the next message
            await ReplyAsync(incoming, $"❌ The agent could not start: {SignInHint.AddTo(ex.Message)} — send a message to try again.", cancellationToken);
            return null;
        }

        // In a private chat the answer streams as a native draft and ends as real messages; groups keep an edited message.
        var live = outbox.CreateLive(incoming.Target, message.Id, new LiveOptions(Drafts: true, DraftStop: true));
        var run = new TurnRun(turnId, runtime.Key, incoming.Target, turn, live, _context, message.From!, agent.Id);
        runtime.Turn = run;
        logger.LogInformation("Turn {TurnId} started for agent {AgentId} in chat {Chat}", turnId, agent.Id, runtime.Key);
        run.Start();
        book.Track(run, agent.Id, session.SessionId);
        await audit.RecordAsync(message.From!, runtime.Key.ChatId, runtime.Key.TopicId, Audit.AuditActions.Turn, $"turn {turnId} on agent {agent.Name}: {LiveReply.Truncate(input.Prompt, 200)}", cancellationToken);
        await PublishStartAsync(run, agent, input.Prompt, incoming.Origin);
        return run;
    }

    private async Task<IAgentSession> OpenSessionAsync(
        ChatRuntime runtime, AgentRecord agent, IAgentEngine engine, IncomingMessage incoming, CancellationToken cancellationToken)
    {
        if (runtime.Session is { } open && runtime.AgentId == agent.Id)
        {
            return open;
        }

        var sessionOptions = new AgentSessionOptions(agent.WorkingDirectory, agent.Model, agent.Persona, options.Value.ApprovalPolicy, options.Value.Sandbox);
        IAgentSession session;
        if (agent.SessionId is { } stored)
        {
            try
            {
                session = await engine.ResumeSessionAsync(stored, sessionOptions, cancellationToken);
                logger.LogInformation("Resumed session {SessionId} of agent {AgentId}", stored, agent.Id);
            }
            catch (AgentSessionNotFoundException ex)
            {
                logger.LogWarning("Session {SessionId} of agent {AgentId} cannot be resumed ({Error}); starting a new one", stored, agent.Id, ex.Message);
                session = await engine.StartSessionAsync(sessionOptions, cancellationToken);
                await ReplyAsync(incoming, "ℹ️ The previous session could not be resumed, so I started a new one.", cancellationToken);
            }
        }
        else
        {
            session = await engine.StartSessionAsync(sessionOptions, cancellationToken);
        }

        if (session.SessionId != agent.SessionId)
        {
            await agents.SetSessionIdAsync(agent.Id, session.SessionId, cancellationToken);
        }

        await book.SessionOpenedAsync(agent, session.SessionId, cancellationToken);
        runtime.AgentId = agent.Id;
        runtime.Session = session;
        return session;
    }
}
