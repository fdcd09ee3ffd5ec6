using Microsoft.Extensions.Logging;

namespace Orchestrator.Agents.Processes;

/// <summary>
/// One agent process at a time where two would share stored state (an ACP session's process, Codex's app-server): a
/// connection can close while its process still runs (its output ended, or it is stopping), so the next process
/// waits for the watcher that stops and reaps the last one.
/// </summary>
internal static class ProcessSuccession
{
    /// <summary>
    /// Waits for <paramref name="lastStopped"/>, the last process's watcher, to complete. A stop sends SIGTERM, then
    /// SIGKILL after <paramref name="gracePeriod"/>: the bound of 10 s more is only for a process the kernel cannot end
    /// (e.g. stuck in uninterruptible I/O), and then the caller goes on rather than wait for ever. Throws only when
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static async Task WaitForLastAsync(Task lastStopped, TimeSpan gracePeriod, ILogger logger, string what, CancellationToken cancellationToken)
    {
        if (lastStopped.IsCompleted)
        {
            return;
        }

        var bound = gracePeriod + TimeSpan.FromSeconds(10);
        try
        {
            await lastStopped.WaitAsync(bound, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("{Process} is still not gone after {Seconds} s; going on anyway", what, bound.TotalSeconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Stopping {Process} failed", what);
        }
    }
}
