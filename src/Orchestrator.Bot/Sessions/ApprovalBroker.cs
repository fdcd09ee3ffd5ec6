using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Agents;
using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Telegram;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// Pending approvals: each is a message with Approve / Approve for session / Deny buttons in the turn's chat.
/// The first decision wins; an unanswered one is declined after <see cref="AgentsOptions.ApprovalTimeout"/>;
/// when the turn ends, the ones left are closed.
/// </summary>
public sealed class ApprovalBroker(
    ITelegramOutbox outbox, IOptions<AgentsOptions> options, TimeProvider time, ILogger<ApprovalBroker> logger, Audit.AuditLog audit)
{
    private readonly ConcurrentDictionary<string, Pending> _pending = new();
    private long _nextKey;

    public int PendingCount => _pending.Count;

    public Task OpenAsync(TurnRun run, ApprovalRequest request)
    {
        var key = Interlocked.Increment(ref _nextKey).ToString(CultureInfo.InvariantCulture) + "-" + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var timeout = options.Value.ApprovalTimeout;
        int? replyTo = run.ReplyMessageId.IsCompletedSuccessfully ? run.ReplyMessageId.Result : null;
        var message = outbox.CreateLive(run.Target, replyTo);
        var pending = new Pending(key, run, request, message, new CancellationTokenSource());
        _pending[key] = pending;
        message.Update([ApprovalPrompt.Pending(request, key, timeout)]);
        logger.LogInformation("Turn {TurnId} asks approval {ApprovalKey} ({Kind})", run.TurnId, key, request.Kind);
        _ = ExpireAsync(pending, timeout);
        return Task.CompletedTask;
    }

    /// <summary>A button press. False when the approval is unknown or already decided (the button is stale).</summary>
    public async Task<bool> DecideAsync(string key, ApprovalDecision decision, User by, long chatId, CancellationToken cancellationToken)
    {
        if (!_pending.TryGetValue(key, out var pending) || pending.Run.Target.ChatId != chatId || !_pending.TryRemove(key, out _))
        {
            return false;
        }

        await pending.Expiry.CancelAsync().ConfigureAwait(false);
        var outcome = decision switch
        {
            ApprovalDecision.Approve => $"✅ Approved by {by.DisplayName}",
            ApprovalDecision.ApproveForSession => $"✅ Approved for this session by {by.DisplayName}",
            ApprovalDecision.Cancel => $"⏹ Cancelled by {by.DisplayName}",
            _ => $"🚫 Denied by {by.DisplayName}",
        };
        logger.LogInformation("Approval {ApprovalKey} of turn {TurnId}: {Decision} by user {UserId}", key, pending.Run.TurnId, decision, by.Id);
        var what = pending.Request.Command ?? pending.Request.ToolName ?? string.Join(", ", pending.Request.Changes?.Select(c => c.Path) ?? []);
        await audit.RecordAsync(by, chatId, pending.Run.Chat.TopicId, Audit.AuditActions.Approval, $"{decision} turn {pending.Run.TurnId}: {pending.Request.Kind} {what}", cancellationToken).ConfigureAwait(false);
        await RespondAsync(pending, decision, outcome, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The engine resolved the request itself (e.g. the turn was interrupted).</summary>
    public Task ResolvedByEngineAsync(long turnId, string approvalId)
    {
        var pending = _pending.Values.FirstOrDefault(p => p.Run.TurnId == turnId && p.Request.Id == approvalId);
        return pending is null ? Task.CompletedTask : CloseAsync(pending, "⏹ No longer needed.");
    }

    /// <summary>The turn ended: close what is left.</summary>
    public Task CloseTurnAsync(long turnId) =>
        Task.WhenAll(_pending.Values.Where(p => p.Run.TurnId == turnId).Select(p => CloseAsync(p, "⏹ No longer needed: the turn ended.")));

    private async Task CloseAsync(Pending pending, string outcome)
    {
        if (!_pending.TryRemove(pending.Key, out _))
        {
            return;
        }

        await pending.Expiry.CancelAsync().ConfigureAwait(false);
        await CompleteMessageAsync(pending, outcome).ConfigureAwait(false);
    }

    /// <summary>
    /// The clock starts when the prompt is visible: a prompt held up by flood control or an outage still gets the whole
    /// timeout to be answered (the outbox keeps retrying; the agent waits, as it would for anyone). One Telegram refuses
    /// for good is declined at once.
    /// </summary>
    private async Task ExpireAsync(Pending pending, TimeSpan timeout)
    {
        bool shown;
        try
        {
            shown = await WaitUntilShownAsync(pending).ConfigureAwait(false);
            if (shown)
            {
                await Task.Delay(timeout, time, pending.Expiry.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (!_pending.TryRemove(pending.Key, out _))
        {
            return;
        }

        var minutes = Math.Max(1, (int)Math.Round(timeout.TotalMinutes));
        logger.LogInformation("Approval {ApprovalKey} of turn {TurnId} timed out: declined", pending.Key, pending.Run.TurnId);
        var outcome = shown
            ? $"⏱ Declined automatically: no answer within {minutes} min."
            : "⏱ Declined automatically: Telegram refused this prompt, so nobody could answer it.";
        await RespondAsync(pending, ApprovalDecision.Deny, outcome, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<bool> WaitUntilShownAsync(Pending pending)
    {
        try
        {
            await pending.Message.FirstMessageIdAsync.WaitAsync(pending.Expiry.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !pending.Expiry.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Approval {ApprovalKey} of turn {TurnId} could not be shown", pending.Key, pending.Run.TurnId);
            return false;
        }
    }

    private async Task RespondAsync(Pending pending, ApprovalDecision decision, string outcome, CancellationToken cancellationToken)
    {
        try
        {
            await pending.Run.Agent.RespondToApprovalAsync(pending.Request.Id, decision, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Answering approval {ApprovalKey} failed", pending.Key);
            outcome += " (the agent no longer waited for it)";
        }

        // The prompt's final text is delivered in the background: the press is answered at once.
        _ = CompleteMessageAsync(pending, outcome);
    }

    private async Task CompleteMessageAsync(Pending pending, string outcome)
    {
        try
        {
            using var deliver = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await pending.Message.CompleteAsync([ApprovalPrompt.Resolved(pending.Request, outcome)], deliver.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Updating the approval message {ApprovalKey} failed", pending.Key);
        }
        finally
        {
            pending.Expiry.Dispose();
        }
    }

    private sealed record Pending(string Key, TurnRun Run, ApprovalRequest Request, ILiveMessage Message, CancellationTokenSource Expiry);
}
