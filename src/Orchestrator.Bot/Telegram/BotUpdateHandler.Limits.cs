using System.Globalization;
using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Telegram.Outbox;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Telegram;

/// <summary>What keeps a flood bounded: the per-user rate limit on turns and commands, and the chat's "Busy" refusal.</summary>
public sealed partial class BotUpdateHandler
{
    public async Task<bool> RefuseBusyAsync(Update update, CancellationToken cancellationToken)
    {
        if (update.Message is not { From: { IsBot: false } user } message || !access.IsAllowed(user.Id, message.Chat.Id))
        {
            return false; // strangers and other bots hear nothing more than they would otherwise
        }

        if (GroupMessageFilter.IsGroup(message.Chat) && !GroupMessageFilter.Classify(message, startup.Me).Addressed)
        {
            return false;
        }

        logger.LogInformation("Chat {ChatId} has too many updates queued; told user {UserId} to try again", message.Chat.Id, user.Id);
        await outbox.SendAsync(
            ChatTargets.ReplyTargetOf(message), OutgoingContent.FromPlainText("⏳ Busy, try again in a moment."), message.Id, cancellationToken);
        return true;
    }

    /// <summary>
    /// The per-user limit on turns and commands (<see cref="UserRateLimiter"/>): over it, one "Slow down" answer, then
    /// silence until the bucket refills. /stop (an urgent command) is never limited: a user can always stop a turn.
    /// </summary>
    private async Task<bool> WithinRateLimitAsync(Message message, ParsedCommand? parsed, ChatTarget target, CancellationToken cancellationToken)
    {
        if (parsed is not null && commands.Find(parsed.Name)?.Urgent == true)
        {
            return true;
        }

        var (decision, retryAfter) = rateLimiter.Take(message.From!.Id, message.MediaGroupId);
        switch (decision)
        {
            case RateDecision.Allow:
                return true;
            case RateDecision.Warn:
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                logger.LogInformation("User {UserId} in chat {ChatId} is over the rate limit; told to retry in {Seconds} s", message.From.Id, message.Chat.Id, seconds);
                await outbox.SendAsync(
                    target,
                    OutgoingContent.FromPlainText($"🐢 Slow down: too many messages; try again in {seconds.ToString(CultureInfo.InvariantCulture)} s."),
                    message.Id,
                    cancellationToken);
                return false;
            default:
                logger.LogDebug("Dropped message {MessageId} of user {UserId} in chat {ChatId}: over the rate limit", message.Id, message.From.Id, message.Chat.Id);
                return false;
        }
    }
}
