using Orchestrator.Bot.Access;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Operations;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.CodingSessions;

/// <summary>A text reply to a session's message is <c>/followup ID TEXT</c>.</summary>
public sealed class SessionReplies(AccessPolicy access, CodingSessionService sessions, ITelegramOutbox outbox)
{
    /// <summary>True when the message was a reply to a coding session's message and was handled as its follow-up.</summary>
    public async Task<bool> TryHandleAsync(Message message, UserRole role, ChatTarget target, CancellationToken cancellationToken)
    {
        if (message.ReplyToMessage is not { } replied || string.IsNullOrWhiteSpace(message.Text)
            || await sessions.FindByMessageAsync(message.Chat.Id, replied.Id, cancellationToken) is not { } session)
        {
            return false;
        }

        try
        {
            await sessions.FollowUpAsync(session.Id, message.Text, ControlPlaneCommand.ActorOf(access, message.From!, role, message.Chat.Id), cancellationToken);
        }
        catch (RefusedException refused)
        {
            await outbox.SendAsync(target, OutgoingContent.FromPlainText("⛔ " + refused.Message), message.Id, cancellationToken);
        }

        return true;
    }
}
