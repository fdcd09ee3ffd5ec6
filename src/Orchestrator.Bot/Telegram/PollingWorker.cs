using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Hosting;
using Orchestrator.Bot.Persistence;
using Orchestrator.Telegram.Updates;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Telegram;

/// <summary>
/// Long-polls getUpdates and hands updates to the <see cref="UpdateDispatcher"/>. The offset sent to Telegram never
/// passes an update that is still being handled, and the stored offset moves only when an update is recorded as
/// handled (<see cref="UpdateLedger"/>): a crash loses nothing and a restart handles nothing twice.
/// </summary>
public sealed class PollingWorker : BackgroundService
{
    private static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.EditedMessage, UpdateType.CallbackQuery, UpdateType.MyChatMember];

    /// <summary>
    /// While an update is still being handled, getUpdates cannot long-poll (the unconfirmed update comes back at once), so
    /// new updates are looked for this often, or sooner when a handler finishes.
    /// </summary>
    internal static readonly TimeSpan BusyPollInterval = TimeSpan.FromMilliseconds(500);

    private readonly ITelegramBotClient _client;
    private readonly UpdateDispatcher _dispatcher;
    private readonly UpdateLedger _ledger;
    private readonly BotStartup _startup;
    private readonly FatalErrors _fatal;
    private readonly TelegramOptions _options;
    private readonly ILogger<PollingWorker> _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly SortedSet<int> _inFlight = [];
    private readonly HashSet<int> _known = [];
    private readonly PollingStarted _started;
    private int _nextOffset;
    private TaskCompletionSource _progress = NewProgress();

    public PollingWorker(
        ITelegramBotClient client,
        UpdateDispatcher dispatcher,
        UpdateLedger ledger,
        BotStartup startup,
        FatalErrors fatal,
        PollingStarted started,
        IOptions<TelegramOptions> options,
        ILogger<PollingWorker> logger,
        TimeProvider? time = null)
    {
        _client = client;
        _dispatcher = dispatcher;
        _ledger = ledger;
        _startup = startup;
        _fatal = fatal;
        _started = started;
        _options = options.Value;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Completes when the first getUpdates call has been sent (cold-start measurements, tests).</summary>
    public Task FirstPoll => _started.FirstPollSent;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield();
            if (!await _startup.RunAsync(stoppingToken))
            {
                return;
            }

            _nextOffset = await _ledger.GetOffsetAsync(stoppingToken) ?? 0;
            _logger.LogInformation("Polling for updates from offset {Offset}", _nextOffset);
            await PollAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await _dispatcher.StopAsync(TimeSpan.FromSeconds(3));
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            int offset;
            bool busy;
            Task progress;
            lock (_gate)
            {
                busy = _inFlight.Count > 0;
                offset = busy ? _inFlight.Min : _nextOffset;
                progress = _progress.Task;
            }

            try
            {
                var pending = _client.GetUpdatesTolerant(
                    offset: offset == 0 ? null : offset,
                    limit: 100,
                    timeout: busy ? 0 : _options.PollingTimeoutSeconds,
                    allowedUpdates: AllowedUpdates,
                    cancellationToken: stoppingToken);
                _started.MarkSent();
                var updates = await pending;
                failures = 0;
                var fresh = await AcceptAsync(updates, stoppingToken);
                if (busy && fresh == 0)
                {
                    // Everything returned is still being handled: wait for progress instead of spinning.
                    await Task.WhenAny(progress, Task.Delay(BusyPollInterval, _time, stoppingToken));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode is 401 or 404)
            {
                _fatal.Fail($"Telegram rejected the bot token ({ex.ErrorCode} {ex.Message}): check Telegram:BotToken.");
                return;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 409)
            {
                _logger.LogWarning(
                    "Another instance is polling this bot token (409 Conflict); retrying in {Seconds} s. Stop the other instance or use another bot.",
                    _options.ConflictRetrySeconds);
                await Task.Delay(TimeSpan.FromSeconds(_options.ConflictRetrySeconds), _time, stoppingToken);
            }
            catch (ApiRequestException ex) when (ex.Parameters?.RetryAfter is int retryAfter)
            {
                _logger.LogWarning("getUpdates was rate limited; retrying in {Seconds} s", retryAfter);
                await Task.Delay(TimeSpan.FromSeconds(retryAfter), _time, stoppingToken);
            }
            catch (Exception ex) when (ex is RequestException or HttpRequestException or System.Text.Json.JsonException or TimeoutException)
            {
                failures++;
                var delay = Backoff(failures);
                _logger.LogWarning("getUpdates failed ({Error}); retrying in {Delay:0.0} s", ex.Message, delay.TotalSeconds);
                await Task.Delay(delay, _time, stoppingToken);
            }
        }
    }

    private async Task<int> AcceptAsync(Update[] updates, CancellationToken cancellationToken)
    {
        var fresh = 0;
        foreach (var update in updates.OrderBy(u => u.Id))
        {
            lock (_gate)
            {
                if (!_known.Add(update.Id))
                {
                    continue;
                }

                _nextOffset = Math.Max(_nextOffset, update.Id + 1);
            }

            fresh++;
            if (await _ledger.IsHandledAsync(update.Id, cancellationToken))
            {
                _logger.LogDebug("Update {UpdateId} was handled before the restart; skipping it", update.Id);
                await RecordHandledAsync(update);
                continue;
            }

            lock (_gate)
            {
                _inFlight.Add(update.Id);
            }

            _dispatcher.Dispatch(update, RecordHandledAsync);
        }

        return fresh;
    }

    private async Task RecordHandledAsync(Update update)
    {
        int offset;
        lock (_gate)
        {
            _inFlight.Remove(update.Id);
            offset = _inFlight.Count > 0 ? _inFlight.Min : _nextOffset;
            if (_known.Count > 10_000)
            {
                _known.RemoveWhere(id => id < offset - 1_000);
            }
        }

        await _ledger.MarkHandledAsync(update.Id, UpdateDispatcher.ChatIdOf(update), offset, CancellationToken.None);

        TaskCompletionSource done;
        lock (_gate)
        {
            done = _progress;
            _progress = NewProgress();
        }

        done.TrySetResult();
    }

    private static TimeSpan Backoff(int failures)
    {
        var seconds = Math.Min(30, Math.Pow(2, Math.Min(failures, 6) - 1));
        return TimeSpan.FromSeconds(seconds * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

    private static TaskCompletionSource NewProgress() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
