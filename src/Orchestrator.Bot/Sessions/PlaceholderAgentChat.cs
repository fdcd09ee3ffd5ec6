using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Telegram.Types;

namespace Orchestrator.Bot.Sessions;

/// <summary>Until the agent engine is wired in: an honest answer that nothing runs yet.</summary>
public sealed class PlaceholderAgentChat(ITelegramOutbox outbox) : IAgentChat
{
    public Task HandleMessageAsync(IncomingMessage incoming, CancellationToken cancellationToken) =>
        outbox.SendAsync(
            incoming.Target,
            OutgoingContent.FromPlainText("I received your message, but no agent engine is connected yet."),
            incoming.Message.Id,
            cancellationToken);

    public Task<bool> HandleCallbackAsync(CallbackQuery callback, CancellationToken cancellationToken) => Task.FromResult(false);
}
