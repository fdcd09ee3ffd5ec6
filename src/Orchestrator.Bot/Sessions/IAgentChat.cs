using Orchestrator.Bot.Access;
using Orchestrator.Bot.Telegram.Outbox;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Sessions;

/// <summary>A message from an allowed user that is not a command: input for the chat's current agent.</summary>
/// <param name="Origin">Where the prompt was typed: "Telegram", or the channel of an API caller ("Web", "CLI"); the
/// <c>turn.started</c> event carries it so the web chat marks each turn of the history with where it came from.</param>
public sealed record IncomingMessage(Message Message, UserRole Role, ChatTarget Target, string Origin = "Telegram");

/// <summary>Turns chat messages into agent turns and button presses into decisions (stop, approvals).</summary>
public interface IAgentChat
{
    Task HandleMessageAsync(IncomingMessage incoming, CancellationToken cancellationToken);

    /// <summary>All parts of one album (message order): one input for the agent.</summary>
    Task HandleAlbumAsync(IReadOnlyList<IncomingMessage> parts, CancellationToken cancellationToken);

    /// <summary>Handles a button press from an allowed user; false when the button is unknown or stale.</summary>
    Task<bool> HandleCallbackAsync(CallbackQuery callback, CancellationToken cancellationToken);

    /// <summary>
    /// The user pressed the stop button of a streaming draft (<c>stopped_message_generation</c>): stops the chat's running
    /// turn that streams into <paramref name="draftId"/>, exactly like <c>/stop</c>. False when no such turn runs.
    /// </summary>
    Task<bool> HandleDraftStoppedAsync(ChatKey chat, long userId, long draftId, CancellationToken cancellationToken) => Task.FromResult(false);
}
