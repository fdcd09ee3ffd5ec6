using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Inbox;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Telegram;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Chats;

/// <summary>
/// The one owner of a chat (or forum topic): an actor. Every update of its chat arrives in its mailbox (one
/// <see cref="Channel{T}"/> of <see cref="OwnerMessage"/> records); its state (the queue, the albums being gathered,
/// the "Busy" episode) is touched only by its own loop, so it needs no lock and shares nothing with other owners.
/// Two lanes: the ordinary lane runs one job at a time in order (messages, commands, albums, and changes of the chat's
/// state handed over through <see cref="ChatLanes"/>); the urgent lane runs urgent updates (/stop, button presses, a
/// draft's stop) one at a time, at once, beside the ordinary job in progress. An album's parts become one job once
/// no part came for the quiet time. While a job runs the loop keeps reading the mailbox, so a flood is refused at
/// once ("Busy", once per episode) and the queue stays bounded. Created on demand by <see cref="ChatOwners"/>, it
/// retires as soon as it has nothing left to do.
/// </summary>
internal sealed partial class ChatOwner
{
    private readonly ChatOwners _owners;
    private readonly IBotUpdateHandler _handler;
    private readonly UpdateInbox _inbox;
    private readonly ILogger _logger;
    private readonly int _maxQueued;
    private readonly TimeSpan _albumQuietTime;
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;
    private readonly Channel<OwnerMessage> _mailbox = Channel.CreateUnbounded<OwnerMessage>(); // not SingleReader: that channel cannot count, and retiring needs the count

    // The owner's own state: only RunAsync's loop touches it.
    private readonly LinkedList<Job> _urgent = [];
    private readonly LinkedList<Job> _queued = [];
    private readonly Dictionary<string, Album> _albums = [];
    private bool _busyNoticeSent;
    private bool _draining;

    public ChatOwner(
        ChatKey key, ChatOwners owners, IBotUpdateHandler handler, UpdateInbox inbox, ILogger logger,
        int maxQueued, TimeSpan albumQuietTime, TimeProvider time, CancellationToken stopping)
    {
        Key = key;
        _owners = owners;
        _handler = handler;
        _inbox = inbox;
        _logger = logger;
        _maxQueued = maxQueued;
        _albumQuietTime = albumQuietTime;
        _time = time;
        _stopping = stopping;
    }

    public ChatKey Key { get; }

    /// <summary>Posts a message; never blocks. Only <see cref="ChatOwners"/> posts updates (under its lock, so a retiring owner loses none).</summary>
    public bool Post(OwnerMessage message) => _mailbox.Writer.TryWrite(message);

    /// <summary>Whether the mailbox is empty (checked by <see cref="ChatOwners"/> under its lock before the owner retires).</summary>
    internal bool MailboxEmpty => _mailbox.Reader.Count == 0;

    public async Task RunAsync()
    {
        // Two lanes: urgent jobs (/stop, button presses, a draft's stop) never wait for the ordinary job in progress (an
        // engine start, a turn start, a slow download); they run one at a time among themselves, and only read the
        // chat's state or act on its running turn, which the ordinary lane changes only between its own awaits.
        Task<Job?>? running = null;
        Task<Job?>? urgent = null;
        while (true)
        {
            while (_mailbox.Reader.TryRead(out var message))
            {
                Receive(message);
            }

            if (running is { IsCompleted: true })
            {
                if (await running.ConfigureAwait(false) is { } again && !_draining)
                {
                    _queued.AddFirst(again);
                }

                running = null;
            }

            if (urgent is { IsCompleted: true })
            {
                if (await urgent.ConfigureAwait(false) is { } again && !_draining)
                {
                    _urgent.AddFirst(again);
                }

                urgent = null;
            }

            if (urgent is null && !_draining && TakeNext(_urgent) is { } press)
            {
                urgent = Task.Run(() => RunJobAsync(press));
                continue;
            }

            if (running is null && !_draining && TakeNext(_queued) is { } next)
            {
                running = Task.Run(() => RunJobAsync(next));
                continue;
            }

            if (running is null && urgent is null && (_draining || (_urgent.Count == 0 && _queued.Count == 0 && _albums.Count == 0)))
            {
                if (_owners.TryRetire(this))
                {
                    return; // what is still queued at a shutdown stays pending in the inbox: handled after the restart
                }

                continue; // a message arrived meanwhile
            }

            Task mail = _mailbox.Reader.WaitToReadAsync().AsTask();
            await Task.WhenAny(new[] { mail, running, urgent }.OfType<Task>()).ConfigureAwait(false);
        }
    }

    private void Receive(OwnerMessage message)
    {
        switch (message)
        {
            case UpdateArrived { Urgent: true } arrived:
                _urgent.AddLast(new Job([arrived.Item], Urgent: true, Album: false));
                break;
            case UpdateArrived arrived:
                Enqueue(arrived.Item);
                break;
            case AlbumQuietElapsed quiet:
                FlushIfQuiet(quiet.MediaGroupId);
                break;
            case BusyRefusalFinished { Told: false }:
                _busyNoticeSent = false; // nobody was told (e.g. a stranger's message): the next one may be
                break;
            case ChangeArrived change:
                _queued.AddLast(new Job([], Urgent: false, Album: false, change));
                break;
            case Drain:
                _draining = true;
                foreach (var queued in _queued.Concat(_urgent))
                {
                    queued.Change?.Abandon(); // its caller hears at once that the bot is stopping
                }

                break;
        }
    }

    private void Enqueue(InboxItem item)
    {
        if (QueuedCount() >= _maxQueued)
        {
            Refuse(item);
            return;
        }

        if (item.Update.Message?.MediaGroupId is { } album)
        {
            AddAlbumPart(album, item);
            return;
        }

        _queued.AddLast(new Job([item], Urgent: false, Album: false));
    }

    private Job? TakeNext(LinkedList<Job> lane)
    {
        if (lane.First is not { } first)
        {
            return null;
        }

        var job = first.Value;
        lane.RemoveFirst();
        if (QueuedCount() < _maxQueued / 2)
        {
            _busyNoticeSent = false; // the overflow episode is over: the next overflow is told again
        }

        return job;
    }

    private int QueuedCount() => _queued.Sum(j => j.Items.Count) + _albums.Values.Sum(a => a.Parts.Count);

    /// <summary>An update beyond the chat's bound: the first of an overflow episode is answered "Busy", the rest only logged; all count as handled.</summary>
    private void Refuse(InboxItem item)
    {
        var tell = !_busyNoticeSent;
        _busyNoticeSent = true;
        _logger.LogDebug("Chat {Chat} has {Max} updates queued; update {UpdateId} is refused", Key, _maxQueued, item.UpdateId);
        _owners.Track(Task.Run(async () =>
        {
            var told = false;
            try
            {
                told = tell && await _handler.RefuseBusyAsync(item.Update, _stopping).ConfigureAwait(false);
                await _inbox.MarkDoneAsync(item.UpdateId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                _logger.LogError(ex, "Refusing update {UpdateId} of chat {Chat} failed", item.UpdateId, Key);
            }
            catch (Exception)
            {
                return; // a shutdown: the refusal is left pending and handled after the restart
            }

            if (tell)
            {
                _owners.Post(Key, new BusyRefusalFinished(told));
            }
        }));
    }

    private sealed record Job(IReadOnlyList<InboxItem> Items, bool Urgent, bool Album, ChangeArrived? Change = null);
}
