using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Security;
using Orchestrator.Bot.Telegram.Outbox;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// The services and settings every <see cref="TurnRun"/> shares. <see cref="Live"/> gets the text deltas (for the API's
/// event stream), <see cref="Events"/> the turn's end (<c>turn.ended</c>).
/// </summary>
public sealed record TurnRunContext(
    ITelegramOutbox Outbox,
    TurnStore Turns,
    ApprovalBroker Approvals,
    ILogger Logger,
    TimeSpan TypingInterval,
    TimeSpan FinalDeliveryTimeout,
    SecretRedactor Redactor,
    Orchestrator.Core.Events.ITransientEvents? Live = null,
    Orchestrator.Core.Events.IEventLog? Events = null)
{
    /// <summary>How to go on after a failed turn, at the end of its footer: "send a message to try again" unless set.</summary>
    public string FailedHint { get; init; } = "send a message to try again.";

    /// <summary>The coding session the turn belongs to (null for a chat turn): its events carry the session and project.</summary>
    public SessionScope? CodingSession { get; init; }
}

/// <summary>A coding session's turn: its project and session, for the control events it causes (approvals).</summary>
public sealed record SessionScope(string ProjectId, string SessionId);
