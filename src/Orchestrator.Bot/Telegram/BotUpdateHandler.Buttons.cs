using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Sessions;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Telegram;

/// <summary>Button presses (Stop, approvals, menus) and the stop button of a streaming draft.</summary>
public sealed partial class BotUpdateHandler
{
    private async Task HandleCallbackAsync(CallbackQuery callback, CancellationToken cancellationToken)
    {
        if (!access.IsAllowed(callback.From.Id, callback.Message?.Chat.Id))
        {
            logger.LogInformation("Ignored a button press by user {UserId}: not allowed", callback.From.Id);
            await outbox.AnswerCallbackAsync(callback.Id, "You are not allowed to use this bot.", showAlert: true, cancellationToken);
            return;
        }

        if (!await agentChat.HandleCallbackAsync(callback, cancellationToken) && !await TryCallbackHandlersAsync(callback, cancellationToken))
        {
            await outbox.AnswerCallbackAsync(callback.Id, "This button is no longer active.", cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// The stop button of a streaming draft. Drafts exist only in private chats, so the chat is the user who pressed
    /// it: the same access check as a message, then the same rule as <c>/stop</c> (in <see cref="IAgentChat"/>).
    /// </summary>
    private async Task HandleDraftStoppedAsync(global::Telegram.Bot.Types.MessageGenerationStopped stopped, CancellationToken cancellationToken)
    {
        var userId = stopped.Chat.Id;
        if (stopped.Chat.Type != global::Telegram.Bot.Types.Enums.ChatType.Private || !access.IsAllowed(userId, userId))
        {
            logger.LogInformation("Ignored a draft's stop in chat {ChatId}: not a private chat of an allowed user", stopped.Chat.Id);
            return;
        }

        var key = new ChatKey(stopped.Chat.Id, stopped.Chat.IsForum ? stopped.MessageThreadId ?? 0 : 0);
        if (!await agentChat.HandleDraftStoppedAsync(key, userId, stopped.DraftId, cancellationToken))
        {
            logger.LogDebug("A draft's stop in chat {ChatId} (draft {DraftId}) matched no running turn", stopped.Chat.Id, stopped.DraftId);
        }
    }

    private async Task<bool> TryCallbackHandlersAsync(CallbackQuery callback, CancellationToken cancellationToken)
    {
        foreach (var handler in callbackHandlers)
        {
            if (await handler.TryHandleAsync(callback, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }
}
