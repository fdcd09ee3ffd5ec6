using Telegram.Bot.Types;

namespace Orchestrator.Bot.Telegram;

/// <summary>
/// A feature's button presses (from allowed users). <see cref="BotUpdateHandler"/> asks each handler in turn after the
/// agent chat; when none takes the press, the user is told the button is no longer active.
/// </summary>
public interface ICallbackHandler
{
    /// <summary>Handles the press and answers it; false when the data is not this handler's or the button is stale.</summary>
    Task<bool> TryHandleAsync(CallbackQuery callback, CancellationToken cancellationToken);
}
