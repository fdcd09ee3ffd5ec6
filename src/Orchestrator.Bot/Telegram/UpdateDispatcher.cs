using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Telegram;

/// <summary>
/// Runs updates in order within a chat and concurrently across chats, so one slow chat never holds up another.
/// Urgent updates bypass their chat's queue. A handler that throws is logged; the update still counts as handled,
/// so one poisonous update can never wedge the bot. A chat's queue holds at most
/// <see cref="TelegramOptions.MaxQueuedUpdatesPerChat"/> updates: one more is refused (the handler tells the user
/// "Busy", once per overflow episode) and counts as handled once refused, so a flood cannot grow memory without bound.
/// </summary>
public sealed class UpdateDispatcher : IAsyncDisposable
{
    private readonly IBotUpdateHandler _handler;
    private readonly ILogger<UpdateDispatcher> _logger;
    private readonly ConcurrentDictionary<long, ChatQueue> _queues = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly int _maxQueued;
    private volatile bool _draining;

    public UpdateDispatcher(IBotUpdateHandler handler, ILogger<UpdateDispatcher> logger, IOptions<TelegramOptions>? options = null)
    {
        _handler = handler;
        _logger = logger;
        _maxQueued = (options?.Value ?? new TelegramOptions()).MaxQueuedUpdatesPerChat;
    }

    /// <summary>Number of chats with a live queue (for tests and diagnostics).</summary>
    public int ActiveChats => _queues.Count;

    /// <summary>Queues <paramref name="update"/>; <paramref name="onHandled"/> runs after its handler finished.</summary>
    public void Dispatch(Update update, Func<Update, Task> onHandled)
    {
        if (_handler.IsUrgent(update))
        {
            Track(Task.Run(() => RunOneAsync(update, onHandled, _handler.HandleAsync)));
            return;
        }

        var chatId = ChatIdOf(update);
        lock (_gate)
        {
            var queue = _queues.GetOrAdd(chatId, id => new ChatQueue(id));
            if (queue.Items.Reader.Count >= _maxQueued)
            {
                var tell = !queue.BusyNoticeSent;
                queue.BusyNoticeSent = true;
                Track(Task.Run(() => RunOneAsync(update, onHandled, (u, ct) => RefuseAsync(queue, u, tell, ct))));
                return;
            }

            queue.Items.Writer.TryWrite((update, onHandled));
            if (!queue.Running)
            {
                queue.Running = true;
                Track(Task.Run(() => DrainAsync(queue)));
            }
        }
    }

    public static long ChatIdOf(Update update) =>
        update.Message?.Chat.Id
        ?? update.EditedMessage?.Chat.Id
        ?? update.CallbackQuery?.Message?.Chat.Id
        ?? update.CallbackQuery?.From.Id
        ?? 0;

    private async Task DrainAsync(ChatQueue queue)
    {
        while (true)
        {
            (Update Update, Func<Update, Task> OnHandled) item;
            lock (_gate)
            {
                if (!queue.Items.Reader.TryRead(out item))
                {
                    queue.Running = false;
                    _queues.TryRemove(queue.ChatId, out _);
                    return;
                }

                if (queue.Items.Reader.Count < _maxQueued / 2)
                {
                    queue.BusyNoticeSent = false; // the overflow episode is over: the next overflow is told again
                }
            }

            await RunOneAsync(item.Update, item.OnHandled, _handler.HandleAsync).ConfigureAwait(false);
        }
    }

    /// <summary>An update its full chat queue refused: the first of an overflow episode is answered "Busy", the rest only logged.</summary>
    private async Task RefuseAsync(ChatQueue queue, Update update, bool tell, CancellationToken cancellationToken)
    {
        _logger.LogDebug("Chat {ChatId} has {Max} updates queued; update {UpdateId} is refused", queue.ChatId, _maxQueued, update.Id);
        if (tell && !await _handler.RefuseBusyAsync(update, cancellationToken).ConfigureAwait(false))
        {
            lock (_gate)
            {
                queue.BusyNoticeSent = false; // nobody was told (e.g. a stranger's message): the next one may be
            }
        }
    }

    private async Task RunOneAsync(Update update, Func<Update, Task> onHandled, Func<Update, CancellationToken, Task> handle)
    {
        // Once stopping, nothing new starts and nothing unfinished is recorded: Telegram redelivers it after the restart.
        if (_draining || _stopping.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await handle(update, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            _logger.LogInformation("Update {UpdateId} was interrupted by the shutdown; it will be handled after the restart", update.Id);
            return;
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Handling update {UpdateId} of chat {ChatId} failed", update.Id, ChatIdOf(update));
        }

        try
        {
            await onHandled(update).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Recording update {UpdateId} as handled failed", update.Id);
        }
    }

    private void Track(Task task)
    {
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>Starts nothing new; waits for running handlers up to <paramref name="grace"/>, then cancels them.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        _draining = true; // queued updates that have not started are left for after the restart
        var all = Task.WhenAll(_running.Keys);
        if (await Task.WhenAny(all, Task.Delay(grace)).ConfigureAwait(false) != all)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(Task.WhenAll(_running.Keys), Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private sealed class ChatQueue(long chatId)
    {
        public long ChatId { get; } = chatId;

        public Channel<(Update, Func<Update, Task>)> Items { get; } = Channel.CreateUnbounded<(Update, Func<Update, Task>)>();

        public bool Running { get; set; }

        /// <summary>Whether this overflow episode's "Busy" answer went out (reset once the queue is half empty).</summary>
        public bool BusyNoticeSent { get; set; }
    }
}
