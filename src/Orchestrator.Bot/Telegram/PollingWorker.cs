using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Hosting;
using Microsoft.Data.Sqlite;
using Orchestrator.Bot.Chats;
using Orchestrator.Bot.Inbox;
using Orchestrator.Telegram.Updates;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Telegram;

/// <summary>
/// Long-polls getUpdates, always: each batch is stored in the durable inbox (<see cref="UpdateInbox"/>, one transaction
/// that also moves the stored offset) and then confirmed to Telegram by the next getUpdates, so a handler that runs
/// for minutes never makes the poller re-poll. Stored updates go to their chat's owner (<see cref="ChatOwners"/>); at
/// start, what the previous life left pending is handed out first. A crash loses nothing (what was confirmed is
/// stored) and a restart handles nothing twice (what was marked done is not pending, a redelivered id is ignored).
/// </summary>
public sealed class PollingWorker : BackgroundService
{
    private static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.EditedMessage, UpdateType.CallbackQuery, UpdateType.MyChatMember, UpdateType.StoppedMessageGeneration];

    private readonly ITelegramBotClient _client;
    private readonly ChatOwners _owners;
    private readonly UpdateInbox _inbox;
    private readonly BotStartup _startup;
    private readonly FatalErrors _fatal;
    private readonly TelegramOptions _options;
    private readonly ILogger<PollingWorker> _logger;
    private readonly TimeProvider _time;
    private readonly PollingStarted _started;
    private int _nextOffset;

    public PollingWorker(
        ITelegramBotClient client,
        ChatOwners owners,
        UpdateInbox inbox,
        BotStartup startup,
        FatalErrors fatal,
        PollingStarted started,
        IOptions<TelegramOptions> options,
        ILogger<PollingWorker> logger,
        TimeProvider? time = null)
    {
        _client = client;
        _owners = owners;
        _inbox = inbox;
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

            _nextOffset = await _inbox.GetOffsetAsync(stoppingToken) ?? 0;
            var pending = await _inbox.LoadPendingAsync(stoppingToken);
            _logger.LogInformation("Polling for updates from offset {Offset}; {Pending} update(s) left from before are handled again", _nextOffset, pending.Count);
            foreach (var item in pending)
            {
                _owners.Post(item);
            }

            await PollAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await _owners.StopAsync(TimeSpan.FromSeconds(3));
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pending = _client.GetUpdatesTolerant(
                    offset: _nextOffset == 0 ? null : _nextOffset,
                    limit: 100,
                    timeout: _options.PollingTimeoutSeconds,
                    allowedUpdates: AllowedUpdates,
                    cancellationToken: stoppingToken);
                _started.MarkSent();
                var updates = await pending;
                failures = 0;
                await AcceptAsync(updates, stoppingToken);
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
            catch (SqliteException ex)
            {
                // Not stored, so not confirmed either: Telegram sends the batch again.
                failures++;
                var delay = Backoff(failures);
                _logger.LogError(ex, "Storing updates in the inbox failed; polling again in {Delay:0.0} s", delay.TotalSeconds);
                await Task.Delay(delay, _time, stoppingToken);
            }
        }
    }

    /// <summary>Stores the batch (and the next offset) in the inbox, then hands the new updates to their chats' owners.</summary>
    private async Task AcceptAsync(Update[] updates, CancellationToken cancellationToken)
    {
        if (updates.Length == 0)
        {
            return;
        }

        // Stored even when stopping: the next getUpdates (after the restart) confirms them, and they are handled then.
        var fresh = await _inbox.StoreAsync(updates, CancellationToken.None);
        _nextOffset = Math.Max(_nextOffset, updates.Max(u => u.Id) + 1);
        foreach (var update in updates)
        {
            if (update.ParseError is { } error)
            {
                _logger.LogWarning("Skipping update {UpdateId}: it does not have the shape of a Telegram update ({Error})", update.Id, error);
            }
        }

        if (fresh.Count < updates.Length)
        {
            _logger.LogDebug("{Count} update(s) of the batch were in the inbox already; not handled again", updates.Length - fresh.Count);
        }

        foreach (var update in fresh)
        {
            _owners.Post(new InboxItem(update, 0));
        }
    }

    private static TimeSpan Backoff(int failures)
    {
        var seconds = Math.Min(30, Math.Pow(2, Math.Min(failures, 6) - 1));
        return TimeSpan.FromSeconds(seconds * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

}
