using System.Text;
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
/// when the turn ends, the ones left are closed. The pending ones live in their chat's state (the chat owner's
/// <see cref="ChatRuntime"/>, through <see cref="ChatApprovalIndex{T}"/>), not in a table of this class. Other faces (the HTTP API) see
/// them through <see cref="PendingFor"/> and <see cref="Find"/>, decide through the same <see cref="DecideAsync(string, ApprovalDecision, User, ChatKey, string, CancellationToken)"/>,
/// and learn of them from the <c>approval.requested</c> / <c>approval.resolved</c> events (<see cref="ApprovalEvents"/>).
/// </summary>
public sealed class ApprovalBroker(
    ITelegramOutbox outbox,
    IOptions<AgentsOptions> options,
    TimeProvider time,
    ILogger<ApprovalBroker> logger,
    Audit.AuditLog audit,
    Access.RequesterRule rules,
    Security.SecretRedactor redactor,
    ChatRuntimes runtimes,
    ApprovalEvents events)
{
    private readonly ChatApprovalIndex<Pending> _pending = new(runtimes, p => p.Run.Chat);
    private long _nextKey;

    public int PendingCount => _pending.Count;

    /// <summary>
    /// Shows the prompt. When it has to shorten the command or diff, the full text goes out first as a document and the
    /// prompt replies to it: the buttons appear only once what they approve can be read in full. If the document cannot
    /// be delivered, the request is declined (nobody could see what they would approve).
    /// </summary>
    public async Task OpenAsync(TurnRun run, ApprovalRequest request)
    {
        var key = Interlocked.Increment(ref _nextKey).ToString(CultureInfo.InvariantCulture) + "-" + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var timeout = options.Value.ApprovalTimeout;
        int? replyTo = run.ReplyMessageId.IsCompletedSuccessfully ? run.ReplyMessageId.Result : null;
        string? attachment = null;
        if (ApprovalPrompt.FullText(request, key) is { } unredacted)
        {
            // The document is agent text leaving the bot like any other: it passes the same redaction step.
            var full = unredacted with { Content = Encoding.UTF8.GetBytes(redactor.Redact(Encoding.UTF8.GetString(unredacted.Content))) };
            try
            {
                using var deliver = new CancellationTokenSource(timeout);
                replyTo = await outbox.SendDocumentAsync(run.Target, full, replyTo, deliver.Token).ConfigureAwait(false);
                attachment = full.FileName;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "The full text of approval {ApprovalKey} of turn {TurnId} could not be sent; declining it", key, run.TurnId);
                await DeclineUnshownAsync(run, request, key, replyTo).ConfigureAwait(false);
                return;
            }
        }

        // Urgent: the agent waits for it, so it goes before the answer's pending edits and may use the chat's burst.
        var message = outbox.CreateLive(run.Target, replyTo, new LiveOptions(Urgent: true));
        var pending = new Pending(key, run, request, message, new CancellationTokenSource(), time.GetUtcNow());
        _pending[key] = pending;
        message.Update([ApprovalPrompt.Pending(request, key, timeout, attachment)]);
        logger.LogInformation("Turn {TurnId} asks approval {ApprovalKey} ({Kind})", run.TurnId, key, request.Kind);
        await events.RequestedAsync(pending.View).ConfigureAwait(false);
        _ = ExpireAsync(pending, timeout);
    }

    private async Task DeclineUnshownAsync(TurnRun run, ApprovalRequest request, string key, int? replyTo)
    {
        var pending = new Pending(key, run, request, outbox.CreateLive(run.Target, replyTo), new CancellationTokenSource(), time.GetUtcNow());
        await RespondAsync(pending, ApprovalDecision.Deny, "⏱ Declined automatically: its full text could not be sent, so nobody could see what they would approve.", CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The approvals of <paramref name="agentId"/>'s turns still waiting, oldest first.</summary>
    public IReadOnlyList<PendingApproval> PendingFor(string agentId) =>
        _pending.Values.Where(p => p.Run.AgentId == agentId).OrderBy(p => p.RequestedAt).Select(p => p.View).ToList();

    /// <summary>The approval <paramref name="key"/> if it still waits; else null.</summary>
    public PendingApproval? Find(string key) => _pending.TryGetValue(key, out var pending) ? pending.View : null;

    /// <summary>A button press in <paramref name="chat"/>: <see cref="DecideAsync(string, ApprovalDecision, User, ChatKey, string, CancellationToken)"/> from Telegram.</summary>
    public Task<ApprovalPress> DecideAsync(string key, ApprovalDecision decision, User by, ChatKey chat, CancellationToken cancellationToken) =>
        DecideAsync(key, decision, by, chat, ApprovalEvents.Origins.Telegram, cancellationToken);

    /// <summary>
    /// A decision in <paramref name="chat"/> (its chat and topic must be the turn's) from <paramref name="origin"/>
    /// ("Telegram" for a button, "Web" or "CLI" from the API). Only the turn's requester or a configured admin decides
    /// (<see cref="Access.RequesterRule"/>); a refused decision changes nothing and is audited. The prompt then names
    /// who decided, and where from when it was not its own button.
    /// </summary>
    public async Task<ApprovalPress> DecideAsync(string key, ApprovalDecision decision, User by, ChatKey chat, string origin, CancellationToken cancellationToken)
    {
        var remote = origin != ApprovalEvents.Origins.Telegram;
        if (!_pending.TryGetValue(key, out var pending) || pending.Run.Chat != chat)
        {
            return ApprovalPress.Stale;
        }

        var right = rules.MayDecide(by.Id, pending.Run.Requester.Id, chat.ChatId);
        if (right != Access.ApprovalRight.Granted)
        {
            var why = right == Access.ApprovalRight.NotRequester ? "not the requester" : "allowed only by a group administrator";
            logger.LogInformation("Refused {Decision} of approval {ApprovalKey} (turn {TurnId}) by user {UserId}: {Reason}", decision, key, pending.Run.TurnId, by.Id, why);
            await audit.RecordAsync(by, chat.ChatId, chat.TopicId, Audit.AuditActions.Refused, $"{(remote ? origin + ": " : "")}{decision} turn {pending.Run.TurnId}: {Describe(pending.Request)} (refused: {why})", cancellationToken).ConfigureAwait(false);
            return right == Access.ApprovalRight.NotRequester ? ApprovalPress.NotRequester : ApprovalPress.GroupScoped;
        }

        if (!_pending.TryRemove(key, out _))
        {
            return ApprovalPress.Stale;
        }

        await pending.Expiry.CancelAsync().ConfigureAwait(false);
        // An API caller's name may already carry its channel ("user 42 (Web)"): named once, as "… from the Web".
        var who = remote && by.DisplayName.EndsWith($" ({origin})", StringComparison.Ordinal) ? by.DisplayName[..^(origin.Length + 3)] : by.DisplayName;
        var from = remote ? $" from the {origin}" : "";
        var outcome = decision switch
        {
            ApprovalDecision.Approve => $"✅ Approved by {who}{from}",
            ApprovalDecision.ApproveForSession => $"✅ Approved for this session by {who}{from}",
            ApprovalDecision.Cancel => $"⏹ Cancelled by {who}{from}",
            _ => $"🚫 Denied by {who}{from}",
        };
        logger.LogInformation("Approval {ApprovalKey} of turn {TurnId}: {Decision} by user {UserId} ({Origin})", key, pending.Run.TurnId, decision, by.Id, origin);
        await events.ResolvedAsync(pending.View, ApprovalEvents.Decisions.Of(decision), by.Id, by.DisplayName, origin).ConfigureAwait(false);
        await audit.RecordAsync(by, chat.ChatId, chat.TopicId, Audit.AuditActions.Approval, $"{(remote ? origin + ": " : "")}{decision} turn {pending.Run.TurnId}: {Describe(pending.Request)}", cancellationToken).ConfigureAwait(false);
        await RespondAsync(pending, decision, outcome, cancellationToken).ConfigureAwait(false);
        return ApprovalPress.Decided;
    }

    private static string Describe(ApprovalRequest request) =>
        $"{request.Kind} {request.Command ?? request.ToolName ?? string.Join(", ", request.Changes?.Select(c => c.Path) ?? [])}";

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
        await events.ResolvedAsync(pending.View, ApprovalEvents.Decisions.Cancelled, null, null, ApprovalEvents.Origins.Bot).ConfigureAwait(false);
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
        await events.ResolvedAsync(pending.View, ApprovalEvents.Decisions.Expired, null, null, ApprovalEvents.Origins.Bot).ConfigureAwait(false);
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

        pending.Run.ApprovalAnswered(decision);

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

    private sealed record Pending(string Key, TurnRun Run, ApprovalRequest Request, ILiveMessage Message, CancellationTokenSource Expiry, DateTimeOffset RequestedAt)
    {
        public PendingApproval View { get; } = new(Key, Run, Request, RequestedAt);
    }
}
