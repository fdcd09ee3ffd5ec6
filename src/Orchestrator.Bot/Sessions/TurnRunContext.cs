using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Security;
using Orchestrator.Bot.Telegram.Outbox;

namespace Orchestrator.Bot.Sessions;

/// <summary>The services and settings every <see cref="TurnRun"/> shares.</summary>
public sealed record TurnRunContext(
    ITelegramOutbox Outbox,
    TurnStore Turns,
    ApprovalBroker Approvals,
    ILogger Logger,
    TimeSpan TypingInterval,
    TimeSpan FinalDeliveryTimeout,
    SecretRedactor Redactor);
