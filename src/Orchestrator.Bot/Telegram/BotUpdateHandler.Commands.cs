using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.Audit;
using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Telegram.Outbox;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Telegram;

/// <summary>
/// A command from an allowed user: unknown ones get a hint, admin commands are checked (and audited, refused or not),
/// changes to an agent are audited, and a command that fails tells the user so while the details stay in the log.
/// </summary>
public sealed partial class BotUpdateHandler
{
    private async Task RunCommandAsync(Message message, ParsedCommand parsed, UserRole role, bool inGroup, ChatTarget target, CancellationToken cancellationToken)
    {
        var user = message.From!;
        var command = commands.Find(parsed.Name);
        if (command is null)
        {
            // In a group, a bare /cmd may be meant for another bot: only a command addressed to this bot gets the hint.
            if (!inGroup || parsed.BotUsername is not null)
            {
                await outbox.SendAsync(target, OutgoingContent.FromPlainText($"Unknown command /{parsed.Name}. Send /help for the list."), message.Id, cancellationToken);
            }

            return;
        }

        var line = ("/" + parsed.Name + " " + parsed.Arguments).TrimEnd();
        var topic = AgentChat.KeyOf(message).TopicId;
        if (command.AdminOnly)
        {
            role = await admins.RoleForAdminCommandAsync(message, role, cancellationToken);
            if (role != UserRole.Admin)
            {
                await audit.RecordAsync(user, message.Chat.Id, topic, AuditActions.Command, line + " (refused: not an admin)", cancellationToken);
                var refusal = inGroup && !accessOptions.CurrentValue.AllowGroupAdminGrants
                    ? $"/{parsed.Name} is for the bot's admins only (Access:AdminUserIds). Group administrators cannot run it: Access:AllowGroupAdminGrants is off."
                    : $"/{parsed.Name} is for admins only.";
                await outbox.SendAsync(target, OutgoingContent.FromPlainText(refusal), message.Id, cancellationToken);
                return;
            }

            await audit.RecordAsync(user, message.Chat.Id, topic, AuditActions.Command, line, cancellationToken);
        }
        else if (command.ChangesAgent(parsed))
        {
            // Who changed an agent.
            await audit.RecordAsync(user, message.Chat.Id, topic, AuditActions.Agent, line, cancellationToken);
        }

        logger.LogInformation("User {UserId} ran /{Command} in chat {ChatId}", user.Id, parsed.Name, message.Chat.Id);
        try
        {
            await command.ExecuteAsync(new CommandContext(message, parsed, role, target, outbox), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The user always hears back; the details (which may name files or internals) stay in the log.
            logger.LogError(ex, "/{Command} of user {UserId} in chat {ChatId} failed", parsed.Name, user.Id, message.Chat.Id);
            await outbox.SendAsync(
                target, OutgoingContent.FromPlainText($"⚠️ /{parsed.Name} failed with an internal error; the details are in the bot's log."),
                message.Id, cancellationToken);
        }
    }
}
