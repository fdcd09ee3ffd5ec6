using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Inbox;
using Orchestrator.Bot.Media;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Telegram;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Chats;

/// <summary>
/// Finds the owner of an update's chat or topic (<see cref="ChatOwner"/>), creating it on demand, and posts the
/// update to it. Chats run concurrently, each in order. An owner with nothing left to do retires (memory stays
/// bounded with many chats); the next update of its chat creates a new one. At shutdown nothing new starts; what did
/// not finish stays pending in the inbox.
/// </summary>
public sealed class ChatOwners : IAsyncDisposable
{
    private readonly IBotUpdateHandler _handler;
    private readonly UpdateInbox _inbox;
    private readonly ILogger<ChatOwners> _logger;
    private readonly TimeProvider _time;
    private readonly int _maxQueued;
    private readonly TimeSpan _albumQuietTime;
    private readonly Dictionary<ChatKey, ChatOwner> _owners = [];
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private bool _draining;

    public ChatOwners(
        IBotUpdateHandler handler,
        UpdateInbox inbox,
        ILogger<ChatOwners> logger,
        IOptions<TelegramOptions>? telegram = null,
        IOptions<MediaOptions>? media = null,
        TimeProvider? time = null)
    {
        _handler = handler;
        _inbox = inbox;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _maxQueued = (telegram?.Value ?? new TelegramOptions()).MaxQueuedUpdatesPerChat;
        _albumQuietTime = (media?.Value ?? new MediaOptions()).AlbumQuietTime;
    }

    /// <summary>Owners alive now (for tests and diagnostics).</summary>
    public int ActiveOwners
    {
        get
        {
            lock (_gate)
            {
                return _owners.Count;
            }
        }
    }

    /// <summary>Posts an update from the inbox to its chat's owner.</summary>
    public void Post(InboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        Post(KeyOf(item.Update), new UpdateArrived(item, _handler.IsUrgent(item.Update)));
    }

    /// <summary>
    /// Runs <paramref name="change"/> as a job of <paramref name="key"/>'s owner (see <see cref="ChatLanes"/>) and returns
    /// its result; <see cref="OperationCanceledException"/> when the bot is stopping.
    /// </summary>
    internal Task<T> RunAsync<T>(ChatKey key, Func<CancellationToken, Task<T>> change, CancellationToken cancellationToken)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var message = new ChangeArrived(
            async token =>
            {
                try
                {
                    result.TrySetResult(await change(token).ConfigureAwait(false));
                }
                catch (OperationCanceledException ex)
                {
                    result.TrySetCanceled(ex.CancellationToken);
                }
                catch (Exception ex)
                {
                    result.TrySetException(ex);
                }
            },
            () => result.TrySetCanceled(),
            cancellationToken);
        if (!Post(key, message))
        {
            result.TrySetCanceled(); // the bot is stopping
        }

        return result.Task.WaitAsync(cancellationToken);
    }

    internal bool Post(ChatKey key, OwnerMessage message)
    {
        lock (_gate)
        {
            if (_draining)
            {
                return false; // left pending in the inbox: handled after the restart
            }

            if (!_owners.TryGetValue(key, out var owner))
            {
                owner = new ChatOwner(key, this, _handler, _inbox, _logger, _maxQueued, _albumQuietTime, _time, _stopping.Token);
                _owners[key] = owner;
                Track(Task.Run(() => RunOwnerAsync(owner)));
            }

            return owner.Post(message);
        }
    }

    /// <summary>An owner's loop does not fail; if it ever did, it is logged and the chat gets a new owner with its next update.</summary>
    private async Task RunOwnerAsync(ChatOwner owner)
    {
        try
        {
            await owner.RunAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogCritical(ex, "The owner of chat {Chat} failed; its waiting updates stay in the inbox until the restart", owner.Key);
            lock (_gate)
            {
                if (_owners.TryGetValue(owner.Key, out var current) && current == owner)
                {
                    _owners.Remove(owner.Key);
                }
            }
        }
    }

    /// <summary>The owner retires if nothing arrived meanwhile (posting and retiring share the lock, so nothing is lost).</summary>
    internal bool TryRetire(ChatOwner owner)
    {
        lock (_gate)
        {
            if (!owner.MailboxEmpty)
            {
                return false;
            }

            _owners.Remove(owner.Key);
            return true;
        }
    }

    internal void Track(Task task)
    {
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>The owner of an update: its chat, and forum topic for messages and button presses in one.</summary>
    public static ChatKey KeyOf(Update update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if ((update.Message ?? update.EditedMessage ?? update.CallbackQuery?.Message) is { } message)
        {
            return AgentChat.KeyOf(message);
        }

        if (update.StoppedMessageGeneration is { } stopped)
        {
            return new ChatKey(stopped.Chat.Id, stopped.Chat.IsForum ? stopped.MessageThreadId ?? 0 : 0);
        }

        return new ChatKey(update.CallbackQuery?.From.Id ?? update.MyChatMember?.Chat.Id ?? 0, 0);
    }

    /// <summary>Starts nothing new; waits for running jobs up to <paramref name="grace"/>, then cancels them.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        foreach (var owner in BeginDraining())
        {
            owner.Post(new Drain());
        }

        var all = Task.WhenAll(_running.Keys);
        if (await Task.WhenAny(all, Task.Delay(grace)).ConfigureAwait(false) != all)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        }
    }

    private ChatOwner[] BeginDraining()
    {
        lock (_gate)
        {
            _draining = true;
            return [.. _owners.Values];
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owner in BeginDraining())
        {
            owner.Post(new Drain());
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(Task.WhenAll(_running.Keys), Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
