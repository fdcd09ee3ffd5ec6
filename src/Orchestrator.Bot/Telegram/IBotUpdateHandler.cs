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
}
