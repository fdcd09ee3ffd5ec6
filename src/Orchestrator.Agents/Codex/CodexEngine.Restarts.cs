using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Codex;

/// <summary>The app-server's end and restart: backoff after failures, and one process at a time.</summary>
public sealed partial class CodexEngine
{
    /// <summary>One app-server at a time: the last one must be gone before the next starts.</summary>
    private Task WaitForLastClientAsync(CancellationToken cancellationToken) =>
        ProcessSuccession.WaitForLastAsync(_lastClientGone, _options.ShutdownGracePeriod, _logger, "The last Codex app-server", cancellationToken);

    private async Task WatchAsync(CodexAppServerClient client, long startedAt)
    {
        var description = await client.Closed.ConfigureAwait(false);
        if (ReferenceEquals(_client, client))
        {
            _client = null;
        }

        if (_disposed)
        {
            await StopClientAsync(client).ConfigureAwait(false);
            return;
        }

        // A hung app-server was killed on purpose: its reason ("did not answer ... within 60 s") tells the user more.
        var message = client.FailureReason ?? $"Codex app-server exited unexpectedly {description}";
        _logger.LogWarning("{Message}", message);
        if (Stopwatch.GetElapsedTime(startedAt) > TimeSpan.FromMinutes(1))
        {
            Interlocked.Exchange(ref _consecutiveFailures, 0);
        }

        RecordFailure();
        foreach (var session in _sessions.Values)
        {
            session.OnClientClosed(client, message);
        }

        await StopClientAsync(client).ConfigureAwait(false);
    }

    private async Task StopClientAsync(CodexAppServerClient client)
    {
        await client.StopAsync(_options.ShutdownGracePeriod).ConfigureAwait(false);
        await client.DisposeAsync().ConfigureAwait(false);
    }

    private void RecordFailure()
    {
        Interlocked.Increment(ref _consecutiveFailures);
        Interlocked.Exchange(ref _lastFailureTimestamp, Stopwatch.GetTimestamp());
    }

    private async Task WaitForBackoffAsync(CancellationToken cancellationToken)
    {
        var failures = Volatile.Read(ref _consecutiveFailures);
        if (failures == 0)
        {
            return;
        }

        var delay = TimeSpan.FromMilliseconds(Math.Min(250 * Math.Pow(2, failures - 1), _options.MaxRestartDelay.TotalMilliseconds));
        var remaining = delay - Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastFailureTimestamp));
        if (remaining > TimeSpan.Zero)
        {
            _logger.LogInformation("Waiting {Delay} before restarting the Codex app-server", remaining);
            await Task.Delay(remaining, cancellationToken).ConfigureAwait(false);
        }
    }
}
