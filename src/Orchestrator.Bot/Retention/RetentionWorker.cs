using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Hosting;

namespace Orchestrator.Bot.Retention;

/// <summary>
/// Runs the <see cref="RetentionSweep"/> at start (as a start-up hook: after the migrations, before polling) and then
/// every <see cref="RetentionOptions.Interval"/>. A failed sweep is logged and tried again at the next interval.
/// </summary>
public sealed class RetentionWorker(
    RetentionSweep sweep,
    IOptionsMonitor<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionWorker> logger) : BackgroundService, IStartupHook
{
    Task IStartupHook.RunAsync(CancellationToken cancellationToken) => SweepAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
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
