using Telegram.Bot.Types;

namespace Orchestrator.Bot.Telegram;

/// <summary>Handles one update. Returns once the update is accepted (a command answered, a turn recorded and started).</summary>
public interface IBotUpdateHandler
{
    Task HandleAsync(Update update, CancellationToken cancellationToken);

    /// <summary>
    /// True for updates that must not wait behind their chat's queue (e.g. <c>/stop</c>, the Stop button, approval
    /// presses): they run at once, concurrently with whatever the chat is doing.
    /// </summary>
    bool IsUrgent(Update update);

    /// <summary>
    /// The update's chat has too many updates queued: tell its sender to try again later, if they may use the bot and
    /// the update was meant for it. Returns whether someone was told (the dispatcher tells once per overflow episode).
    /// </summary>
    Task<bool> RefuseBusyAsync(Update update, CancellationToken cancellationToken) => Task.FromResult(false);
}
