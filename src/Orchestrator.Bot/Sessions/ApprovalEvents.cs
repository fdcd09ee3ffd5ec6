using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orchestrator.Agents;
using Orchestrator.Bot.Security;
using Orchestrator.Core.Events;
using Orchestrator.Telegram;

namespace Orchestrator.Bot.Sessions;

/// <summary>A pending approval as other faces than its Telegram prompt see it.</summary>
public sealed record PendingApproval(string Key, TurnRun Run, ApprovalRequest Request, DateTimeOffset RequestedAt)
{
    public string Kind => ApprovalEvents.KindOf(Request);

    public string Title => ApprovalEvents.TitleOf(Request);

    /// <summary>The command line or the changed files, cut at <see cref="ApprovalEvents.MaxDetail"/> (not yet redacted).</summary>
    public string? Detail => ApprovalEvents.DetailOf(Request);
}

/// <summary>
/// The <see cref="ApprovalBroker"/>'s hook into the control plane's event log: <c>approval.requested</c> when a prompt
/// opens, <c>approval.resolved</c> when it is decided, expires or is closed. It also remembers the last decisions
/// (bounded), so that a late decision from the API is told "already decided" rather than "unknown". A coding session's
/// turn has the same prompts, so its events carry the session and project too (the session's event history, the
/// events chat): one event per approval, whichever face shows it.
/// </summary>
public sealed class ApprovalEvents(IEventLog events, SecretRedactor redactor, ILogger<ApprovalEvents> logger)
{
    public const int MaxDetail = 2000;
    private const int Remembered = 512;

    private readonly ConcurrentDictionary<string, (string AgentId, long ChatId, string Decision)> _resolved = new();
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Decision names as events and the API spell them.</summary>
    public static class Decisions
    {
        public const string Approved = "approved";
        public const string ApprovedForSession = "approved_for_session";
        public const string Denied = "denied";
        public const string Expired = "expired";
        public const string Cancelled = "cancelled";

        public static string Of(ApprovalDecision decision) => decision switch
        {
            ApprovalDecision.Approve => Approved,
            ApprovalDecision.ApproveForSession => ApprovedForSession,
            ApprovalDecision.Cancel => Cancelled,
            _ => Denied,
        };
    }

    /// <summary>Where a decision came from (the event's <c>origin</c>).</summary>
    public static class Origins
    {
        public const string Telegram = "Telegram";
        public const string Bot = "Bot";
    }

    public static string KindOf(ApprovalRequest request) => request.Kind switch
    {
        ApprovalKind.Command => "command",
        ApprovalKind.FileChange => "file_change",
        _ => "permission",
    };

    public static string TitleOf(ApprovalRequest request) => request.Kind switch
    {
        ApprovalKind.Command => "The agent wants to run a command",
        ApprovalKind.FileChange => "The agent wants to change files",
        _ => $"The agent wants to use {request.ToolName ?? "a tool"}",
    };

    public static string? DetailOf(ApprovalRequest request)
    {
        var detail = request.Kind switch
        {
            ApprovalKind.Command => request.Command,
            ApprovalKind.FileChange => string.Join("\n", request.Changes?.Select(c => $"{c.Kind} {c.Path}") ?? []),
            _ => request.ToolName,
        };
        if (string.IsNullOrEmpty(detail))
        {
            return null;
        }

        return detail.Length <= MaxDetail ? detail : detail[..(char.IsHighSurrogate(detail[MaxDetail - 1]) ? MaxDetail - 1 : MaxDetail)] + "…";
    }

    /// <summary>The redacted detail (what leaves the bot: events and API answers).</summary>
    public string? RedactedDetail(PendingApproval approval) => redactor.RedactOrNull(approval.Detail);

    /// <summary>What became of <paramref name="key"/> if it was decided recently; null when unknown or still pending.</summary>
    public (string AgentId, long ChatId, string Decision)? Resolution(string key) =>
        _resolved.TryGetValue(key, out var resolved) ? resolved : null;

    public Task RequestedAsync(PendingApproval approval) => AppendAsync(
        EventKinds.ApprovalRequested,
        $"Turn {approval.Run.TurnId} asks approval: {approval.Title}",
        approval.Run,
        approval.Run.Requester.DisplayName,
        new Dictionary<string, object?>
        {
            ["approval_id"] = approval.Key,
            ["agent_id"] = approval.Run.AgentId,
            ["chat_id"] = approval.Run.Chat.ChatId,
            ["turn_id"] = approval.Run.TurnId,
            ["user_id"] = approval.Run.Requester.Id,
            ["kind"] = approval.Kind,
            ["title"] = approval.Title,
            ["detail"] = RedactedDetail(approval),
        });

    /// <param name="byUserId">Who decided (null: the bot, e.g. a timeout).</param>
    /// <param name="origin">"Telegram", "Web", "CLI" or "Bot".</param>
    public Task ResolvedAsync(PendingApproval approval, string decision, long? byUserId, string? byName, string origin)
    {
        _resolved[approval.Key] = (approval.Run.AgentId, approval.Run.Chat.ChatId, decision);
        _order.Enqueue(approval.Key);
        while (_order.Count > Remembered && _order.TryDequeue(out var old))
        {
            _resolved.TryRemove(old, out _);
        }

        return AppendAsync(
            EventKinds.ApprovalResolved,
            $"Approval of turn {approval.Run.TurnId} {decision.Replace('_', ' ')}{(byName is null ? "" : " by " + byName)} ({origin})",
            approval.Run,
            byName,
            new Dictionary<string, object?>
            {
                ["approval_id"] = approval.Key,
                ["agent_id"] = approval.Run.AgentId,
                ["chat_id"] = approval.Run.Chat.ChatId,
                ["turn_id"] = approval.Run.TurnId,
                ["decision"] = decision,
                ["by_user_id"] = byUserId,
                ["origin"] = origin,
            });
    }

    private async Task AppendAsync(string kind, string summary, TurnRun run, string? actor, Dictionary<string, object?> data)
    {
        try
        {
            await events.AppendAsync(new NewControlEvent(
                kind, redactor.Redact(summary), ProjectId: run.CodingSession?.ProjectId, SessionId: run.CodingSession?.SessionId,
                ChatId: run.Chat.ChatId, Actor: actor, Data: JsonSerializer.Serialize(data))).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The {Kind} event of turn {TurnId} could not be stored", kind, run.TurnId.ToString(CultureInfo.InvariantCulture));
        }
    }
}
