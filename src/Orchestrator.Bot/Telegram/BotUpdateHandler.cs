using System.Globalization;
using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Hosting;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Telegram.Types;

namespace Orchestrator.Bot.Telegram;

/// <summary>
/// The first stop of every update: access control, then a command, a button press, or a message for the chat's agent.
/// Strangers get one short refusal (rate limited) and nothing else happens.
/// </summary>
public sealed class BotUpdateHandler(
    AccessPolicy access,
    StrangerGate strangers,
    CommandCatalog commands,
    IAgentChat agentChat,
    ITelegramOutbox outbox,
    BotStartup startup,
    IEnumerable<ICallbackHandler> callbackHandlers,
    ILogger<BotUpdateHandler> logger) : IBotUpdateHandler
{
    public bool IsUrgent(Update update)
    {
        if (update.CallbackQuery is not null)
        {
            return true; // button presses (Stop, approvals) never wait behind a running turn
        }

        var parsed = ParsedCommand.Parse(update.Message?.Text);
        return parsed is not null && commands.Find(parsed.Name)?.Urgent == true;
    }

    public async Task HandleAsync(Update update, CancellationToken cancellationToken)
    {
        if (update.Message is { From: not null } message)
        {
            await HandleMessageAsync(message, cancellationToken);
        }
        else if (update.CallbackQuery is { } callback)
        {
            await HandleCallbackAsync(callback, cancellationToken);
        }
        else
        {
            logger.LogDebug("Ignoring update {UpdateId} of type {Type}", update.Id, update.Type);
        }
    }

    private async Task HandleMessageAsync(Message message, CancellationToken cancellationToken)
    {
        var user = message.From!;
        if (user.IsBot)
        {
            return;
        }

        var target = ChatTargets.ReplyTargetOf(message);
        var role = access.RoleOf(user.Id);
        if (role == UserRole.Stranger)
        {
            logger.LogInformation("Refused user {UserId} in chat {ChatId}: not allowed", user.Id, message.Chat.Id);
            if (strangers.ShouldRefuse(user.Id))
            {
                var id = user.Id.ToString(CultureInfo.InvariantCulture);
                await outbox.SendAsync(
                    target,
                    OutgoingContent.FromPlainText($"⛔ Sorry, you are not allowed to use this bot. Your user id is {id}: the owner can add it to Access:AllowedUserIds."),
                    message.Id,
                    cancellationToken);
            }

            return;
        }

        var parsed = ParsedCommand.Parse(message.Text);
        if (parsed is not null)
        {
            if (!parsed.IsFor(startup.Me?.Username))
            {
                return; // /cmd@otherbot
            }

            var command = commands.Find(parsed.Name);
            if (command is null)
            {
                await outbox.SendAsync(target, OutgoingContent.FromPlainText($"Unknown command /{parsed.Name}. Send /help for the list."), message.Id, cancellationToken);
                return;
            }

            if (command.AdminOnly && role != UserRole.Admin)
            {
                await outbox.SendAsync(target, OutgoingContent.FromPlainText($"/{parsed.Name} is for admins only."), message.Id, cancellationToken);
                return;
            }

            logger.LogInformation("User {UserId} ran /{Command} in chat {ChatId}", user.Id, parsed.Name, message.Chat.Id);
            await command.ExecuteAsync(new CommandContext(message, parsed, role, target, outbox), cancellationToken);
            return;
        }

        await agentChat.HandleMessageAsync(new IncomingMessage(message, role, target), cancellationToken);
    }

    private async Task HandleCallbackAsync(CallbackQuery callback, CancellationToken cancellationToken)
    {
        if (!access.IsAllowed(callback.From.Id))
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
