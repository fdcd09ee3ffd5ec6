using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.Audit;
using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Groups;
using Orchestrator.Bot.Hosting;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Telegram.Updates;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Telegram;

/// <summary>
/// The first stop of every update: access control, then a command, a button press, or a message for the chat's agent.
/// Strangers get one short refusal (rate limited) and nothing else happens. In groups only messages addressed to the
/// bot count (<see cref="GroupMessageFilter"/>); a group that became a supergroup takes its agents along.
/// </summary>
public sealed partial class BotUpdateHandler(
    AccessPolicy access,
    StrangerGate strangers,
    CommandCatalog commands,
    IAgentChat agentChat,
    ITelegramOutbox outbox,
    BotStartup startup,
    ILogger<BotUpdateHandler> logger,
    AdminCheck admins,
    AuditLog audit,
    ChatMigration migration,
    UserRateLimiter rateLimiter,
    IEnumerable<ICallbackHandler> callbackHandlers,
    IOptionsMonitor<AccessOptions> accessOptions,
    CodingSessions.SessionReplies sessionReplies) : IBotUpdateHandler
{
    public bool IsUrgent(Update update)
    {
        if (update.CallbackQuery is not null)
        {
            return true; // button presses (Stop, approvals) never wait behind a running turn
        }

        if (update.StoppedMessageGeneration is not null)
        {
            return true; // the draft's stop button is a /stop
        }

        var parsed = ParsedCommand.Parse(update.Message?.Text);
        return parsed is not null && commands.Find(parsed.Name)?.Urgent == true;
    }

    public async Task HandleAsync(Update update, CancellationToken cancellationToken)
    {
        if (update.ParseError is { } error)
        {
            logger.LogWarning("Skipping update {UpdateId}: it does not have the shape of a Telegram update ({Error})", update.Id, error);
            return;
        }

        if (update.Message is { } service && (service.MigrateToChatId ?? service.MigrateFromChatId) is not null)
        {
            await HandleMigrationAsync(service, cancellationToken);
        }
        else if (update.Message is { From: not null } message)
        {
            await HandleMessageAsync(message, null, cancellationToken);
        }
        else if (update.CallbackQuery is { } callback)
        {
            await HandleCallbackAsync(callback, cancellationToken);
        }
        else if (update.StoppedMessageGeneration is { } stopped)
        {
            await HandleDraftStoppedAsync(stopped, cancellationToken);
        }
        else
        {
            logger.LogDebug("Ignoring update {UpdateId} of type {Type}", update.Id, update.Type);
        }
    }

    /// <summary>
    /// An album's parts (gathered by the chat's owner): each part passes the same checks as a message, and those that
    /// pass become one input for the agent.
    /// </summary>
    public async Task HandleAlbumAsync(IReadOnlyList<Update> parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var album = new List<IncomingMessage>(parts.Count);
        foreach (var part in parts)
        {
            if (part.ParseError is null && part.Message is { From: not null } message)
            {
                await HandleMessageAsync(message, album, cancellationToken);
            }
        }

        if (album.Count > 0)
        {
            await agentChat.HandleAlbumAsync(album, cancellationToken);
        }
    }

    public async Task TellSetAsideAsync(Update update, CancellationToken cancellationToken)
    {
        var message = update.Message ?? update.EditedMessage;
        if (message is not { From: { IsBot: false } user } || !access.IsAllowed(user.Id, message.Chat.Id))
        {
            return; // a stranger hears nothing more than they would otherwise
        }

        await outbox.SendAsync(
            ChatTargets.ReplyTargetOf(message),
            OutgoingContent.FromPlainText("⚠️ I could not handle this message (3 attempts failed), so I set it aside. The bot's log has the details; send it again if it still matters."),
            message.Id,
            cancellationToken);
    }

    /// <summary>Telegram's service message of a group's upgrade, in the old group (migrate_to) or the new supergroup (migrate_from).</summary>
    private Task HandleMigrationAsync(Message message, CancellationToken cancellationToken) =>
        message.MigrateToChatId is long newChatId
            ? migration.MoveAsync(message.Chat.Id, newChatId, cancellationToken)
            : migration.MoveAsync(message.MigrateFromChatId!.Value, message.Chat.Id, cancellationToken);

    /// <summary>A message, or (with <paramref name="album"/>) one part of an album, which is added there if it is input for the agent.</summary>
    private async Task HandleMessageAsync(Message message, List<IncomingMessage>? album, CancellationToken cancellationToken)
    {
        var user = message.From!;
        if (user.IsBot)
        {
            return;
        }

        var inGroup = GroupMessageFilter.IsGroup(message.Chat);
        if (inGroup)
        {
            var addressing = GroupMessageFilter.Classify(message, startup.Me);
            if (!addressing.Addressed)
            {
                logger.LogDebug("Ignoring message {MessageId} in group {ChatId}: not addressed to the bot", message.Id, message.Chat.Id);
                return;
            }

            // The agent gets the request without the bot's @mention.
            if (message.Text is not null)
            {
                message.Text = addressing.Text;
            }
            else
            {
                message.Caption = addressing.Text;
            }
        }

        var target = ChatTargets.ReplyTargetOf(message);
        var role = access.RoleOf(user.Id, message.Chat.Id);
        if (role == UserRole.Stranger)
        {
            logger.LogInformation("Refused user {UserId} in chat {ChatId}: not allowed", user.Id, message.Chat.Id);
            if (inGroup ? strangers.ShouldRefuseInGroup(user.Id) : strangers.ShouldRefuse(user.Id))
            {
                var id = user.Id.ToString(CultureInfo.InvariantCulture);
                await outbox.SendAsync(
                    target,
                    OutgoingContent.FromPlainText($"⛔ Sorry, you are not allowed to use this bot. Your user id is {id}: the owner can add it to Access:AllowedUserIds, or an admin can send /allow {id}."),
                    message.Id,
                    cancellationToken);
            }

            return;
        }

        var parsed = ParsedCommand.Parse(message.Text);
        if (parsed is not null && !parsed.IsFor(startup.Me?.Username))
        {
            return; // /cmd@otherbot
        }

        if (!await WithinRateLimitAsync(message, parsed, target, cancellationToken))
        {
            return;
        }

        if (parsed is not null)
        {
            await RunCommandAsync(message, parsed, role, inGroup, target, cancellationToken);
            return;
        }

        if (inGroup && !accessOptions.CurrentValue.AgentsInGroups)
        {
            // Everyone in a group would see the answers, diffs and approval prompts: the owner chose private chats only.
            logger.LogInformation("Not starting a turn for user {UserId} in group {ChatId}: Access:AgentsInGroups is off", user.Id, message.Chat.Id);
            await outbox.SendAsync(target, OutgoingContent.FromPlainText("Agents are off in groups; talk to me in a private chat."), message.Id, cancellationToken);
            return;
        }

        if (inGroup && string.IsNullOrWhiteSpace(message.Text ?? message.Caption) && message.Photo is null && message.Document is null)
        {
            var name = startup.Me?.Username is { Length: > 0 } me ? "@" + me : "me";
            await outbox.SendAsync(target, OutgoingContent.FromPlainText($"👋 Write your request after the mention, e.g. {name} run the tests."), message.Id, cancellationToken);
            return;
        }

        if (album is null && await sessionReplies.TryHandleAsync(message, role, target, cancellationToken))
        {
            return; // a reply to a coding session's message is its follow-up
        }

        var incoming = new IncomingMessage(message, role, target);
        if (album is not null)
        {
            album.Add(incoming);
            return;
        }

        await agentChat.HandleMessageAsync(incoming, cancellationToken);
    }
}
