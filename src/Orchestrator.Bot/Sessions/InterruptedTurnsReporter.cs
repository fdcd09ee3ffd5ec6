using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Hosting;
using Orchestrator.Bot.Telegram.Outbox;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// At start: turns still marked running belong to a bot that died mid-turn. Each is recorded as interrupted and its
/// chat is told, so no turn is ever dropped silently. The chat's next message resumes the same agent session.
/// </summary>
public sealed class InterruptedTurnsReporter(TurnStore turns, ITelegramOutbox outbox, ILogger<InterruptedTurnsReporter> logger) : IStartupHook
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var turn in await turns.ListRunningAsync(cancellationToken))
        {
            if (!await turns.EndAsync(turn.Id, TurnStatus.Interrupted, null, "the bot restarted during the turn", null, null, null, cancellationToken))
            {
                continue;
            }

            logger.LogWarning("Turn {TurnId} in chat {ChatId} was interrupted by a restart", turn.Id, turn.ChatId);
            var prompt = LiveReply.Truncate(turn.Prompt, 120);
            var target = new ChatTarget(turn.ChatId, turn.TopicId == 0 ? null : (int)turn.TopicId, turn.ChatId > 0 ? ChatKind.Private : ChatKind.Group);
            var text = $"⚠️ The bot restarted while working on “{prompt}”. That turn was interrupted; send a message to continue in the same session.";
            _ = DeliverAsync(target, text, turn.ReplyMessageId);
        }
    }

    private async Task DeliverAsync(ChatTarget target, string text, int? replyTo)
    {
        try
        {
            await outbox.SendAsync(target, OutgoingContent.FromPlainText(text), replyTo);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not tell chat {ChatId} about an interrupted turn", target.ChatId);
        }
    }
}
