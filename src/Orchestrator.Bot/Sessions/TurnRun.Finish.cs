using Microsoft.Extensions.Logging;
using Orchestrator.Agents;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Telegram;

namespace Orchestrator.Bot.Sessions;

/// <summary>How a turn ends: the final message, the final status in the database, and the stored <c>turn.ended</c>.</summary>
public sealed partial class TurnRun
{
    private async Task FinishAsync(TurnEnded ended)
    {
        var usage = ended.Usage ?? _usage;
        string status;
        string? footer;
        lock (_gate)
        {
            (status, footer) = ended.Outcome switch
            {
                TurnOutcome.Completed => (TurnStatus.Completed, (string?)null),
                TurnOutcome.Interrupted => (TurnStatus.Interrupted, "⏹ " + (_stopReason ?? "Stopped.")),
                _ => (TurnStatus.Failed, "❌ Failed: " + SignInHint.AddTo(ended.Error ?? "unknown error") + " — " + _context.FailedHint),
            };
        }

        await _context.Approvals.CloseTurnAsync(TurnId).ConfigureAwait(false);
        string text;
        IReadOnlyList<OutgoingContent> pages;
        lock (_gate)
        {
            if (!_reply.HasText && ended.FinalText is { Length: > 0 } finalText)
            {
                _reply.AppendText("final", finalText);
            }

            pages = _reply.RenderFinal(footer);
            text = _reply.Text;
            FinalText = text;
        }

        await _context.Turns.EndAsync(TurnId, status, text, _context.Redactor.RedactOrNull(ended.Error), usage?.InputTokens, usage?.OutputTokens, usage?.CostUsd).ConfigureAwait(false);
        try
        {
            using var deliver = new CancellationTokenSource(_context.FinalDeliveryTimeout);
            await _live.CompleteAsync(pages, deliver.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _context.Logger.LogError(ex, "The final answer of turn {TurnId} could not be delivered", TurnId);
        }

        await PublishEndAsync(status, text, ended.Error).ConfigureAwait(false);
        _context.Logger.LogInformation(
            "Turn {TurnId} in chat {Chat} ended {Status} after {Seconds:0.0} s ({Characters} characters)",
            TurnId, Chat, status, (DateTimeOffset.UtcNow - StartedAt).TotalSeconds, text.Length);
    }

    /// <summary>The stored <c>turn.ended</c> event: what API clients wait for (with the answer, redacted and bounded).</summary>
    private async Task PublishEndAsync(string status, string text, string? error)
    {
        if (_context.Events is not { } events)
        {
            return;
        }

        try
        {
            var answer = _context.Redactor.Redact(text);
            var data = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["agent_id"] = AgentId,
                ["turn_id"] = TurnId,
                ["status"] = status,
                ["text"] = answer.Length > MaxEventText ? answer[..MaxEventText] + "…" : answer,
                ["error"] = _context.Redactor.RedactOrNull(error),
            });
            await events.AppendAsync(new Orchestrator.Core.Events.NewControlEvent(
                Orchestrator.Core.Events.EventKinds.TurnEnded, $"Turn {TurnId} {status}", ChatId: Chat.ChatId, Actor: Requester.DisplayName, Data: data)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _context.Logger.LogWarning(ex, "The turn.ended event of turn {TurnId} could not be stored", TurnId);
        }
    }

    /// <summary>The most answer text a <c>turn.ended</c> event carries (the whole answer is in the turns table).</summary>
    public const int MaxEventText = 16_000;
}
