using Telegram.Bot.Types;

namespace Orchestrator.Bot.Telegram;

/// <summary>Handles one update. Returns once the update is accepted (a command answered, a turn recorded and started).</summary>
public interface IBotUpdateHandler
{
    Task HandleAsync(Update update, CancellationToken cancellationToken);

    /// <summary>
    /// True for updates that must not wait for their chat (e.g. <c>/stop</c>, the Stop button, approval presses, a
    /// draft's stop): the chat's owner runs them on its urgent lane, at once, even while its ordinary job is in progress.
    /// </summary>
    bool IsUrgent(Update update);

    /// <summary>The parts of one album (updates sharing a media_group_id), in message order: one input for the agent.</summary>
    async Task HandleAlbumAsync(IReadOnlyList<Update> parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parts);
        foreach (var part in parts)
        {
            await HandleAsync(part, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The update's chat has too many updates queued: tell its sender to try again later, if they may use the bot and
    /// the update was meant for it. Returns whether someone was told (the owner tells once per overflow episode).
    /// </summary>
    Task<bool> RefuseBusyAsync(Update update, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>The update failed <see cref="Inbox.UpdateInbox.MaxAttempts"/> times and was set aside: tell its sender, once.</summary>
    Task TellSetAsideAsync(Update update, CancellationToken cancellationToken) => Task.CompletedTask;
}
