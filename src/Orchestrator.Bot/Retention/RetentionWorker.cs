using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Hosting;

namespace Orchestrator.Bot.Retention;

/// <summary>
/// Runs the <see cref="RetentionSweep"/> once the first getUpdates was sent (it only removes what is old, so it need not
/// hold back the first poll) and then every <see cref="RetentionOptions.Interval"/>. A failed sweep is logged and tried
/// again at the next interval.
/// </summary>
public sealed class RetentionWorker(
    RetentionSweep sweep,
    PollingStarted polling,
    IOptionsMonitor<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await polling.FirstPollSent.WaitAsync(stoppingToken);
            await SweepAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(options.CurrentValue.Interval, time, stoppingToken);
                await SweepAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            await sweep.RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The retention sweep failed; it runs again in {Interval}", options.CurrentValue.Interval);
        }
    }
}
