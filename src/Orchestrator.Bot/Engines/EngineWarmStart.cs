using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Telegram;

namespace Orchestrator.Bot.Engines;

/// <summary>
/// Warm engines (<see cref="CodexOptions.WarmStart"/>): once the bot has sent its first getUpdates, starts the Codex
/// app-server in the background, so the first message of the day does not wait for it. Start-up to the first getUpdates
/// does not grow (nothing happens before it). A failure is a warning: the next message starts the engine again.
/// </summary>
internal sealed class EngineWarmStart(
    IOptions<CodexOptions> codex,
    EngineRegistry engines,
    IServiceProvider services,
    ILogger<EngineWarmStart> logger) : BackgroundService
{
    /// <summary>Completes when the warm start ended, started or not (tests, measurements).</summary>
    public Task Done => _done.Task;

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!codex.Value.WarmStart)
            {
                return;
            }

            await Task.Yield();
            if (services.GetService<PollingWorker>() is { } polling)
            {
                await polling.FirstPoll.WaitAsync(stoppingToken);
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await engines.Get("codex").WarmUpAsync(stoppingToken);
            logger.LogInformation(
                "Codex engine warm (started in the background in {Milliseconds:0} ms)", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogWarning("Could not start the Codex engine in advance; the next message tries again: {Error}", ex.Message);
        }
        finally
        {
            _done.TrySetResult();
        }
    }
}
