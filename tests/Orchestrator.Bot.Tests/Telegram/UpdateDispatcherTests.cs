using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Telegram;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Tests.Telegram;

public sealed class UpdateDispatcherTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Updates_run_in_order_within_a_chat_and_concurrently_across_chats()
    {
        var handler = new GatedHandler();
        await using var dispatcher = new UpdateDispatcher(handler, NullLogger<UpdateDispatcher>.Instance);
        var handled = new ConcurrentQueue<int>();
        Task OnHandled(Update u)
        {
            handled.Enqueue(u.Id);
            return Task.CompletedTask;
        }

        var blockA1 = handler.Block(1);
        dispatcher.Dispatch(TextIn(1, chatId: 10), OnHandled);
        dispatcher.Dispatch(TextIn(2, chatId: 10), OnHandled);
        dispatcher.Dispatch(TextIn(3, chatId: 20), OnHandled);

        await handler.Started(1).WaitAsync(Timeout);
        await handler.Finished(3).WaitAsync(Timeout); // chat 20 is not held up by chat 10
        Assert.False(handler.Started(2).IsCompleted, "the second update of chat 10 must wait for the first");

        blockA1.SetResult();
        await handler.Finished(2).WaitAsync(Timeout);
        Assert.Equal([3, 1, 2], handled.ToArray());
        Assert.True(handler.StartOrder.IndexOf(1) < handler.StartOrder.IndexOf(2));
    }

    [Fact]
    public async Task Urgent_updates_bypass_a_busy_chat()
    {
        var handler = new GatedHandler { UrgentIds = [2] };
        await using var dispatcher = new UpdateDispatcher(handler, NullLogger<UpdateDispatcher>.Instance);
        var block = handler.Block(1);
        dispatcher.Dispatch(TextIn(1, chatId: 10), _ => Task.CompletedTask);
        dispatcher.Dispatch(TextIn(2, chatId: 10), _ => Task.CompletedTask);

        await handler.Finished(2).WaitAsync(Timeout);
        Assert.False(handler.Finished(1).IsCompleted);
        block.SetResult();
        await handler.Finished(1).WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_handler_that_throws_still_counts_as_handled_and_the_chat_goes_on()
    {
        var handler = new GatedHandler { ThrowIds = [1] };
        await using var dispatcher = new UpdateDispatcher(handler, NullLogger<UpdateDispatcher>.Instance);
        var handled = new ConcurrentQueue<int>();
        var second = new TaskCompletionSource();
        dispatcher.Dispatch(TextIn(1, chatId: 10), u => { handled.Enqueue(u.Id); return Task.CompletedTask; });
        dispatcher.Dispatch(TextIn(2, chatId: 10), u => { handled.Enqueue(u.Id); second.SetResult(); return Task.CompletedTask; });

        await second.Task.WaitAsync(Timeout);
        Assert.Equal([1, 2], handled.ToArray());
    }

    [Fact]
    public async Task Stopping_cancels_a_stuck_handler_and_does_not_record_it()
    {
        var handler = new GatedHandler();
        var dispatcher = new UpdateDispatcher(handler, NullLogger<UpdateDispatcher>.Instance);
        handler.Block(1);
        var recorded = false;
        dispatcher.Dispatch(TextIn(1, chatId: 10), _ => { recorded = true; return Task.CompletedTask; });
        await handler.Started(1).WaitAsync(Timeout);

        await dispatcher.StopAsync(TimeSpan.FromMilliseconds(100)).WaitAsync(Timeout);
        await dispatcher.DisposeAsync();

        Assert.False(recorded);
    }

    [Fact]
    public async Task A_full_chat_queue_refuses_further_updates_telling_once_and_records_them_handled()
    {
        var handler = new GatedHandler();
        await using var dispatcher = new UpdateDispatcher(
            handler, NullLogger<UpdateDispatcher>.Instance, Options.Create(new TelegramOptions { MaxQueuedUpdatesPerChat = 2 }));
        var handled = new ConcurrentQueue<int>();
        var recorded = new ConcurrentDictionary<int, TaskCompletionSource>();
        Task OnHandled(Update u)
        {
            handled.Enqueue(u.Id);
            recorded.GetOrAdd(u.Id, _ => new TaskCompletionSource()).TrySetResult();
            return Task.CompletedTask;
        }

        Task Recorded(int id) => recorded.GetOrAdd(id, _ => new TaskCompletionSource()).Task;

        var block = handler.Block(1);
        dispatcher.Dispatch(TextIn(1, chatId: 10), OnHandled);
        await handler.Started(1).WaitAsync(Timeout);
        for (var id = 2; id <= 6; id++)
        {
            dispatcher.Dispatch(TextIn(id, chatId: 10), OnHandled); // 2 and 3 wait in the queue; 4, 5, 6 do not fit
        }

        await Task.WhenAll(Recorded(4), Recorded(5), Recorded(6)).WaitAsync(Timeout);
        Assert.Equal([4], handler.Refused.ToArray()); // one "Busy" for the episode, not one per update
        Assert.False(Recorded(1).IsCompleted || Recorded(2).IsCompleted, "queued updates are recorded only once handled");

        block.SetResult();
        await Task.WhenAll(Recorded(1), Recorded(2), Recorded(3)).WaitAsync(Timeout);
        Assert.Equal([1, 2, 3], handler.StartOrder);

        // The queue emptied: the episode is over, and a new overflow is told again.
        var block7 = handler.Block(7);
        dispatcher.Dispatch(TextIn(7, chatId: 10), OnHandled);
        await handler.Started(7).WaitAsync(Timeout);
        for (var id = 8; id <= 10; id++)
        {
            dispatcher.Dispatch(TextIn(id, chatId: 10), OnHandled);
        }

        await Recorded(10).WaitAsync(Timeout);
        Assert.Equal([4, 10], handler.Refused.ToArray());
        block7.SetResult();
        await Recorded(9).WaitAsync(Timeout);
    }

    internal static Update TextIn(int updateId, long chatId) => new()
    {
        Id = updateId,
        Message = new Message { Id = updateId, Chat = new Chat { Id = chatId }, From = new User { Id = 1 }, Text = $"message {updateId}" },
    };

    private sealed class GatedHandler : IBotUpdateHandler
    {
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _started = new();
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _finished = new();
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _blocks = new();

        public HashSet<int> UrgentIds { get; init; } = [];

        public HashSet<int> ThrowIds { get; init; } = [];

        public List<int> StartOrder { get; } = [];

        public ConcurrentQueue<int> Refused { get; } = new();

        public Task<bool> RefuseBusyAsync(Update update, CancellationToken cancellationToken)
        {
            Refused.Enqueue(update.Id);
            return Task.FromResult(true);
        }

        public TaskCompletionSource Block(int updateId) => _blocks.GetOrAdd(updateId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        public Task Started(int updateId) => Tcs(_started, updateId).Task;

        public Task Finished(int updateId) => Tcs(_finished, updateId).Task;

        public bool IsUrgent(Update update) => UrgentIds.Contains(update.Id);

        public async Task HandleAsync(Update update, CancellationToken cancellationToken)
        {
            lock (StartOrder)
            {
                StartOrder.Add(update.Id);
            }

            Tcs(_started, update.Id).TrySetResult();
            if (_blocks.TryGetValue(update.Id, out var block))
            {
                await block.Task.WaitAsync(cancellationToken);
            }

            Tcs(_finished, update.Id).TrySetResult();
            if (ThrowIds.Contains(update.Id))
            {
                throw new InvalidOperationException("boom");
            }
        }

        private static TaskCompletionSource Tcs(ConcurrentDictionary<int, TaskCompletionSource> map, int id) =>
            map.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
