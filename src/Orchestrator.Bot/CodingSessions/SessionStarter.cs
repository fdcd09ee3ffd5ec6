using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Operations;

namespace Orchestrator.Bot.CodingSessions;

/// <summary>
/// Starts a coding session from <c>/send</c>, a shortcut, or the HTTP API (<see cref="SessionControl"/>): resolves AGENT
/// (an engine, or a named agent of the chat), calls the core, and announces the session with its buttons in the chat
/// (a reply to that message is a follow-up). One code path for every face.
/// </summary>
public sealed class SessionStarter(CodingSessionService sessions, AgentStore agents, EngineNames engines, ITelegramOutbox outbox)
{
    /// <summary>From a Telegram command: the announcement answers the command's message.</summary>
    public Task<CodingSession> StartAsync(CommandContext context, Actor actor, SendCommand command, CancellationToken cancellationToken) =>
        StartAsync(context.Target, AgentChat.KeyOf(context.Message), actor, command, ("/" + context.Command.Name + " " + context.Arguments).Trim(),
            context.Message.Id, cancellationToken);

    /// <summary>
    /// Starts the session for <paramref name="chat"/> and announces it in <paramref name="target"/>, as an answer to
    /// <paramref name="commandMessageId"/> (the command, or the API's <c>[Web]</c>/<c>[CLI]</c> echo of it).
    /// </summary>
    public async Task<CodingSession> StartAsync(
        ChatTarget target, ChatKey chat, Actor actor, SendCommand command, string commandText, int? commandMessageId, CancellationToken cancellationToken)
    {
        string engine;
        if (engines.IsKnown(command.Agent))
        {
            engine = command.Agent;
        }
        else
        {
            var agent = await agents.FindByNameAsync(chat, command.Agent, cancellationToken)
                ?? throw new RefusedException($"There is no agent “{command.Agent}” in this chat: use {engines.Listed}, or one of /agents.");
            engine = agent.Engine;
            command = command with { Model = command.Model ?? agent.Model };
        }

        var session = await sessions.StartAsync(command, engine, actor, new SessionOrigin(chat.ChatId, chat.TopicId, commandText, commandMessageId), cancellationToken);
        var project = await sessions.ProjectOfAsync(session, cancellationToken);
        var headline = session.State == SessionStates.Failed
            ? $"❌ Session {session.Id} could not start: {session.Reason}"
            : $"🚀 Session {session.Id}: {session.Agent} {session.Action} {project.Slug}" +
              (session.Branch is null ? " (read-only, in the checkout)" : $"\nBranch {session.Branch}\nWorktree {session.WorktreePath}") +
              "\nReply to this message to follow up.";
        var id = await outbox.SendAsync(target, OutgoingContent.FromPlainText(headline, SessionTexts.Buttons(session)), commandMessageId, cancellationToken);
        await sessions.SetMessageAsync(session.Id, id, cancellationToken);
        return session;
    }
}
