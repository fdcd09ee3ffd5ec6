using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// On shutdown (SIGINT/SIGTERM): interrupts every running turn, so each ends with "stopped" in its chat and in the
/// database, within a few seconds. The engines (and their processes) are disposed after this, by the container.
/// </summary>
public sealed class SessionsLifetime(ChatRuntimes runtimes, ILogger<SessionsLifetime> logger) : IHostedService
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(4);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var running = runtimes.RunningTurns.ToList();
        if (running.Count == 0)
        {
            return;
        }

        logger.LogInformation("Shutting down: interrupting {Count} running turn(s)", running.Count);
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(Grace);
        try
        {
            await Task.WhenAll(running.Select(r => r.StopAsync("Stopped: the bot is shutting down.", grace.Token))).ConfigureAwait(false);
            await Task.WhenAll(running.Select(r => r.Completion)).WaitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Some turns did not end within {Seconds} s of the shutdown; they are reported as interrupted at the next start", Grace.TotalSeconds);
        }
    }
}
