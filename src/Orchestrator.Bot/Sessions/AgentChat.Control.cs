using Microsoft.Extensions.Logging;
using Orchestrator.Agents;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Telegram;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// Who may act on a running turn, and how: the Stop button, <c>/stop</c> and a draft's stop button stop it, if the
/// user is its requester or an admin; Approve/Deny decide its approval through the <see cref="ApprovalBroker"/>.
/// </summary>
public sealed partial class AgentChat
{
    public async Task<bool> HandleCallbackAsync(CallbackQuery callback, CancellationToken cancellationToken)
    {
        if (callback.Message is not { } pressed)
        {
            return false;
        }

        // The button's own chat and topic: a press under a message of another topic never acts on this topic's turn.
        var chat = KeyOf(pressed);
        if (callback.Data is { } data && data.StartsWith("stop:", StringComparison.Ordinal)
            && long.TryParse(data.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture, out var turnId))
        {
            var run = runtimes.FindRunningTurn(turnId);
            if (run is null || run.Chat != chat)
            {
                return false;
            }

            if (!rules.MayControl(callback.From.Id, run.Requester.Id))
            {
                await RefuseStopAsync(callback.From, run, "button", cancellationToken);
                await outbox.AnswerCallbackAsync(callback.Id, NotYoursText(run, "stop it"), showAlert: true, cancellationToken);
                return true;
            }

            await outbox.AnswerCallbackAsync(callback.Id, "Stopping…", cancellationToken: cancellationToken);
            logger.LogInformation("User {UserId} stopped turn {TurnId}", callback.From.Id, turnId);
            await run.StopAsync($"Stopped by {callback.From.DisplayName}.", cancellationToken);
            return true;
        }

        if (ApprovalPrompt.TryParseCallback(callback.Data, out var key, out var decision))
        {
            var press = await approvals.DecideAsync(key, decision, callback.From, chat, cancellationToken);
            switch (press)
            {
                case ApprovalPress.Stale:
                    return false;
                case ApprovalPress.NotRequester:
                    await outbox.AnswerCallbackAsync(callback.Id, "Only the person who started this turn, or an admin of the bot, can decide this.", showAlert: true, cancellationToken);
                    return true;
                case ApprovalPress.GroupScoped:
                    await outbox.AnswerCallbackAsync(callback.Id, "You were allowed by a group administrator, so you cannot approve: ask an admin of the bot.", showAlert: true, cancellationToken);
                    return true;
            }

            await outbox.AnswerCallbackAsync(callback.Id, decision == ApprovalDecision.Deny ? "Denied" : "Approved", cancellationToken: cancellationToken);
            return true;
        }

        return false;
    }

    /// <summary>Stops the running turn of <paramref name="key"/> with <c>/stop</c>, if <paramref name="by"/> may.</summary>
    public async Task<StopOutcome> StopAsync(ChatKey key, User by, CancellationToken cancellationToken)
    {
        // The current agent's turn first; else one the chat switched away from (/use) that still runs.
        if (runtimes.Get(key).RunningTurns.FirstOrDefault() is not { } run)
        {
            return new StopOutcome(false, null);
        }

        if (!rules.MayControl(by.Id, run.Requester.Id))
        {
            await RefuseStopAsync(by, run, "/stop", cancellationToken);
            return new StopOutcome(true, NotYoursText(run, "stop it"));
        }

        logger.LogInformation("User {UserId} stopped turn {TurnId} with /stop", by.Id, run.TurnId);
        await run.StopAsync($"Stopped by {by.DisplayName}.", cancellationToken);
        return new StopOutcome(true, null);
    }

    /// <summary>
    /// The stop button of a streaming draft: stops the chat's running turn whose draft it is (a stale draft of an ended
    /// turn stops nothing), if the user may, exactly like /stop; the answer so far becomes the final message.
    /// </summary>
    public async Task<bool> HandleDraftStoppedAsync(ChatKey chat, long userId, long draftId, CancellationToken cancellationToken)
    {
        if (draftId == 0 || runtimes.Get(chat).RunningTurns.FirstOrDefault(r => r.DraftId == draftId) is not { } run)
        {
            return false;
        }

        var by = run.Requester.Id == userId ? run.Requester : new User { Id = userId, FirstName = "user " + userId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (!rules.MayControl(userId, run.Requester.Id))
        {
            await RefuseStopAsync(by, run, "draft", cancellationToken);
            await outbox.SendAsync(run.Target, OutgoingContent.FromPlainText("⛔ " + NotYoursText(run, "stop it")), null, cancellationToken);
            return true;
        }

        logger.LogInformation("User {UserId} stopped turn {TurnId} with the draft's stop button", userId, run.TurnId);
        await run.StopFromDraftAsync($"Stopped by {by.DisplayName}.", cancellationToken);
        return true;
    }

    private static string NotYoursText(TurnRun run, string what) =>
        $"Only {run.Requester.DisplayName}, who started this turn, or an admin of the bot can {what}.";

    private Task RefuseStopAsync(User by, TurnRun run, string how, CancellationToken cancellationToken)
    {
        logger.LogInformation("Refused to stop turn {TurnId} ({How}) for user {UserId}: not the requester", run.TurnId, how, by.Id);
        return audit.RecordAsync(by, run.Chat.ChatId, run.Chat.TopicId, Audit.AuditActions.Refused, $"stop turn {run.TurnId} ({how}; refused: not the requester)", cancellationToken);
    }
}
