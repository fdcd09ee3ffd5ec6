using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Operations;

namespace Orchestrator.Bot.CodingSessions;

/// <summary>
/// Starts a coding session from <c>/send</c> or a shortcut: resolves AGENT (an engine, or a named agent of the chat),
/// calls the core, and announces the session with its buttons (a reply to that message is a follow-up).
/// </summary>
public sealed class SessionStarter(CodingSessionService sessions, AgentStore agents, EngineNames engines)
{
    public async Task StartAsync(CommandContext context, Actor actor, SendCommand command, CancellationToken cancellationToken)
    {
        var chat = AgentChat.KeyOf(context.Message);
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

        var text = ("/" + context.Command.Name + " " + context.Arguments).Trim();
        var session = await sessions.StartAsync(command, engine, actor, new SessionOrigin(chat.ChatId, chat.TopicId, text, context.Message.Id), cancellationToken);
        var project = await sessions.ProjectOfAsync(session, cancellationToken);
        var headline = session.State == SessionStates.Failed
            ? $"❌ Session {session.Id} could not start: {session.Reason}"
            : $"🚀 Session {session.Id}: {session.Agent} {session.Action} {project.Slug}" +
              (session.Branch is null ? " (read-only, in the checkout)" : $"\nBranch {session.Branch}\nWorktree {session.WorktreePath}") +
              "\nReply to this message to follow up.";
        var id = await context.ReplyAsync(OutgoingContent.FromPlainText(headline, SessionTexts.Buttons(session)), cancellationToken);
        await sessions.SetMessageAsync(session.Id, id, cancellationToken);
    }
}
