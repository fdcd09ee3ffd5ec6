namespace Orchestrator.Bot.Hosting;

/// <summary>
/// Completes when the first getUpdates has been sent. Start-up work that can wait (the engine check) waits for it, so
/// that on a small machine it does not compete with the bot's own start (docs/performance.md §7.3).
/// </summary>
public sealed class PollingStarted
{
    private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first getUpdates call has been sent; never when the bot cannot start.</summary>
    public Task FirstPollSent => _sent.Task;

    internal void MarkSent() => _sent.TrySetResult();
}
