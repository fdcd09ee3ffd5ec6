using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Audit;
using Orchestrator.Bot.Sessions.History;
using Orchestrator.Bot.Telegram;
using Orchestrator.Bot.Telegram.Outbox;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Sessions.Commands;

/// <summary>
/// The buttons of <c>/agents</c> (switch), <c>/model</c> (choose) and <c>/threads</c> (continue). A button is stale — and
/// left to the caller's "no longer active" answer — when its agent or session is gone or belongs to another chat, or
/// (model, session) its agent is no longer the chat's current agent. In a group only the user who opened the menu (the
/// author of the command the menu answers) or an admin of the bot may press; anyone else gets an alert.
/// </summary>
public sealed class AgentCallbacks(
    AgentControl control,
    AgentStore agents,
    SessionStore sessions,
    FolderPolicy folders,
    ModelCommand models,
    ITelegramOutbox outbox,
    AuditLog audit,
    Access.RequesterRule rules,
    ILogger<AgentCallbacks> logger) : ICallbackHandler
{
    public async Task<bool> TryHandleAsync(CallbackQuery callback, CancellationToken cancellationToken)
    {
        if (callback.Message is not { } message)
        {
            return false;
        }

        var chat = AgentChat.KeyOf(message);
        if (!IsAgentButton(callback.Data))
        {
            return false;
        }

        if (Access.GroupMessageFilter.IsGroup(message.Chat) && !rules.MayControl(callback.From.Id, RequesterOf(message)))
        {
            // Everyone in a group sees the menu; it is its requester's (a menu whose command is gone: admins only).
            logger.LogInformation("Refused a menu button of user {UserId} in chat {Chat}: not the requester", callback.From.Id, chat);
            await audit.RecordAsync(callback.From, chat.ChatId, chat.TopicId, AuditActions.Refused, $"menu button {callback.Data} (refused: not the requester)", cancellationToken);
            await outbox.AnswerCallbackAsync(callback.Id, "Only the person who opened this menu, or an admin of the bot, can use it.", showAlert: true, cancellationToken);
            return true;
        }

        if (AgentButtons.TryParseUse(callback.Data, out var agentId))
        {
            return await UseAsync(callback, chat, agentId, cancellationToken);
        }

        if (AgentButtons.TryParseModel(callback.Data, out agentId, out var model))
        {
            return await ModelAsync(callback, chat, agentId, model, cancellationToken);
        }

        if (AgentButtons.TryParseSession(callback.Data, out var sessionRowId))
        {
            return await ResumeAsync(callback, chat, sessionRowId, cancellationToken);
        }

        return false;
    }

    private static bool IsAgentButton(string? data) =>
        AgentButtons.TryParseUse(data, out _) || AgentButtons.TryParseModel(data, out _, out _) || AgentButtons.TryParseSession(data, out _);

    /// <summary>The menus are sent as replies to the command that opened them: its author is the requester.</summary>
    private static long? RequesterOf(Message menu) => menu.ReplyToMessage?.From?.Id;

    private async Task<bool> UseAsync(CallbackQuery callback, ChatKey chat, string agentId, CancellationToken cancellationToken)
    {
        var agent = await agents.GetAsync(agentId, cancellationToken);
        if (agent is null || agent.ChatId != chat.ChatId || agent.TopicId != chat.TopicId)
        {
            return false;
        }

        var current = await control.CurrentAsync(chat, cancellationToken);
        if (current.Id == agent.Id)
        {
            await outbox.AnswerCallbackAsync(callback.Id, $"{AgentTexts.Title(agent)} is already the current agent.", cancellationToken: cancellationToken);
            return true;
        }

        var outcome = await control.SwitchAsync(chat, agent, cancellationToken);
        logger.LogInformation("User {UserId} switched chat {Chat} to agent {AgentId} with a button ({Outcome})", callback.From.Id, chat, agent.Id, outcome);
        if (outcome != ChangeOutcome.Busy)
        {
            await RecordAsync(callback, chat, $"button: switched to agent {agent.Name}", cancellationToken);
        }
        var text = UseCommand.SwitchedText(agent, outcome == ChangeOutcome.DoneWhilePreviousWorks ? current : null);
        return await AnswerAsync(callback, outcome == ChangeOutcome.Busy ? null : text, $"Switched to {agent.Name}", cancellationToken);
    }

    private async Task<bool> ModelAsync(CallbackQuery callback, ChatKey chat, string agentId, string? model, CancellationToken cancellationToken)
    {
        var current = await control.CurrentAsync(chat, cancellationToken);
        if (current.Id != agentId)
        {
            return false;
        }

        var answer = await models.SetAsync(chat, current, model, cancellationToken);
        if (answer != AgentTexts.Busy)
        {
            await RecordAsync(callback, chat, $"button: model of agent {current.Name} set to {model ?? "the engine default"}", cancellationToken);
        }
        return await AnswerAsync(callback, answer == AgentTexts.Busy ? null : answer, "Model chosen", cancellationToken);
    }

    private async Task<bool> ResumeAsync(CallbackQuery callback, ChatKey chat, long sessionRowId, CancellationToken cancellationToken)
    {
        var current = await control.CurrentAsync(chat, cancellationToken);
        var session = await sessions.GetAsync(sessionRowId, cancellationToken);
        if (session is null || session.AgentId != current.Id)
        {
            return false;
        }

        if (session.SessionId == current.SessionId)
        {
            await outbox.AnswerCallbackAsync(callback.Id, "That is already the current session.", cancellationToken: cancellationToken);
            return true;
        }

        // The session continues in the folder it started in, unless that folder is no longer allowed.
        var folder = folders.Check(session.WorkingDirectory, current.WorkingDirectory);
        var (outcome, changed) = await control.ResumeAsync(chat, session, folder.Folder, cancellationToken);
        if (outcome == ChangeOutcome.Busy)
        {
            return await AnswerAsync(callback, null, "", cancellationToken);
        }

        logger.LogInformation("User {UserId} resumed session {SessionId} of agent {AgentId}", callback.From.Id, session.SessionId, current.Id);
        await RecordAsync(callback, chat, $"button: agent {current.Name} resumed session {session.SessionId}", cancellationToken);
        var prompt = AgentTexts.Excerpt(session.FirstPrompt, 60);
        var text = $"↩️ Resumed the session of {AgentTexts.Time(session.StartedAt)}{(prompt.Length > 0 ? $" (“{prompt}”)" : "")}: your next message continues it."
            + $"\nModel: {AgentTexts.ModelOf(changed!)} · Folder: {changed!.WorkingDirectory}"
            + (folder.IsAllowed ? "" : $"\n⚠️ Its folder {session.WorkingDirectory} is no longer allowed, so it continues in {changed.WorkingDirectory}.");
        return await AnswerAsync(callback, text, "Session resumed", cancellationToken);
    }

    private Task RecordAsync(CallbackQuery callback, ChatKey chat, string detail, CancellationToken cancellationToken) =>
        audit.RecordAsync(callback.From, chat.ChatId, chat.TopicId, AuditActions.Agent, detail, cancellationToken);

    /// <summary>Answers the press; <paramref name="text"/> (null: the chat is busy) goes to the chat as a reply to the buttons.</summary>
    private async Task<bool> AnswerAsync(CallbackQuery callback, string? text, string toast, CancellationToken cancellationToken)
    {
        if (text is null)
        {
            await outbox.AnswerCallbackAsync(callback.Id, AgentTexts.Busy, showAlert: true, cancellationToken);
            return true;
        }

        await outbox.AnswerCallbackAsync(callback.Id, toast, cancellationToken: cancellationToken);
        var message = callback.Message!;
        await outbox.SendAsync(ChatTargets.ReplyTargetOf(message), OutgoingContent.FromPlainText(text), message.Id, cancellationToken);
        return true;
    }
}
