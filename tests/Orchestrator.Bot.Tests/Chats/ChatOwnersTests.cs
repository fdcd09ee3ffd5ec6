using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Chats;
using Orchestrator.Bot.Inbox;
using Orchestrator.Bot.Media;
using Orchestrator.Bot.Persistence;
using Orchestrator.Bot.Telegram;
using Telegram.Bot.Types;
using static Orchestrator.Bot.Tests.Chats.GatedHandler;

namespace Orchestrator.Bot.Tests.Chats;

/// <summary>One owner per chat and topic: in order within it, concurrent across them, urgent first, bounded, retired when idle.</summary>
public sealed class ChatOwnersTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string _data = Directory.CreateTempSubdirectory("orchestrator-owners-").FullName;
    private BotDatabase _database = null!;
    private UpdateInbox _inbox = null!;
    private readonly Orchestrator.Bot.Tests.Telegram.Outbox.RecordingLogger<ChatOwners> _log = new();

    public async Task InitializeAsync()
    {
        _database = new BotDatabase(Options.Create(new StorageOptions { DataDirectory = _data }), NullLogger<BotDatabase>.Instance);
        await _database.MigrateAsync();
        _inbox = new UpdateInbox(_database);
    }

    [Fact]
    public async Task Updates_run_in_order_within_a_chat_and_concurrently_across_chats()
    {
        var handler = new GatedHandler();
        await using var owners = NewOwners(handler);
        var blockA1 = handler.Block(1);
        await PostAsync(owners, TextIn(1, chatId: 10), TextIn(2, chatId: 10), TextIn(3, chatId: 20));

        await handler.Started(1).WaitAsync(Timeout);
        await WaitDoneAsync(3); // chat 20 is not held up by chat 10
        Assert.False(handler.Started(2).IsCompleted, "the second update of chat 10 must wait for the first");
        Assert.Equal("pending", await StatusAsync(1));

        blockA1.SetResult();
        await WaitDoneAsync(2);
        Assert.Equal("done", await StatusAsync(1));
        Assert.True(handler.StartOrder.IndexOf(1) < handler.StartOrder.IndexOf(2));
    }

    [Fact]
    public async Task A_forum_topic_is_its_own_owner()
    {
        var handler = new GatedHandler();
        await using var owners = NewOwners(handler);
        var block = handler.Block(1);
        await PostAsync(owners, TextIn(1, chatId: -100, topic: 5), TextIn(2, chatId: -100, topic: 5), TextIn(3, chatId: -100, topic: 6));

        await WaitDoneAsync(3); // topic 6 runs while topic 5 is busy
        Assert.False(handler.Started(2).IsCompleted);
        block.SetResult();
        await WaitDoneAsync(2);
    }

    [Fact]
    public async Task An_urgent_update_overtakes_the_updates_queued_before_it()
    {
        var handler = new GatedHandler { UrgentIds = [4] };
        await using var owners = NewOwners(handler);
        var block = handler.Block(1);
        await PostAsync(owners, TextIn(1, chatId: 10));
        await handler.Started(1).WaitAsync(Timeout);
        await PostAsync(owners, TextIn(2, chatId: 10), TextIn(3, chatId: 10), TextIn(4, chatId: 10));

        await WaitDoneAsync(4); // handled while update 1 still runs: urgent updates never wait for the chat's job
        Assert.Equal("pending", await StatusAsync(1));
        Assert.False(handler.Started(2).IsCompleted, "ordinary updates still wait for the chat's job");

        block.SetResult();
        await WaitDoneAsync(3);
        Assert.Equal([1, 4, 2, 3], handler.StartOrder);
    }

    [Fact]
    public async Task Urgent_updates_run_one_at_a_time_among_themselves_even_while_the_chat_is_busy()
    {
        var handler = new GatedHandler { UrgentIds = [2, 3] };
        await using var owners = NewOwners(handler);
        var slowJob = handler.Block(1);
        var slowPress = handler.Block(2);
        await PostAsync(owners, TextIn(1, chatId: 10));
        await handler.Started(1).WaitAsync(Timeout);
        await PostAsync(owners, TextIn(2, chatId: 10), TextIn(3, chatId: 10));

        await handler.Started(2).WaitAsync(Timeout);
        Assert.False(handler.Started(3).IsCompleted, "the second press waits for the first, not for the chat's job");
        slowPress.SetResult();
        await WaitDoneAsync(3);
        Assert.Equal("pending", await StatusAsync(1));

        slowJob.SetResult();
        await WaitDoneAsync(1);
    }

    [Fact]
    public async Task A_change_handed_to_the_owner_waits_for_the_chats_job_and_runs_before_later_messages()
    {
        var handler = new GatedHandler();
        await using var owners = NewOwners(handler);
        var block = handler.Block(1);
        await PostAsync(owners, TextIn(1, chatId: 10));
        await handler.Started(1).WaitAsync(Timeout);

        var ran = new List<string>();
        var change = owners.RunAsync(new Orchestrator.Bot.Sessions.ChatKey(10, 0), _ =>
        {
            lock (ran)
            {
                ran.Add("change, update 1 done: " + handler.Finished(1).IsCompleted);
            }

            return Task.FromResult(42);
        }, CancellationToken.None);
        await PostAsync(owners, TextIn(2, chatId: 10));

        Assert.False(change.IsCompleted, "the change waits for the chat's job");
        block.SetResult();
        Assert.Equal(42, await change.WaitAsync(Timeout));
        await WaitDoneAsync(2);
        Assert.Equal(["change, update 1 done: True"], ran);
        Assert.True(handler.StartOrder.IndexOf(2) > handler.StartOrder.IndexOf(1));
    }

    [Fact]
    public async Task A_change_posted_after_the_shutdown_began_is_refused_not_lost()
    {
        var handler = new GatedHandler();
        var owners = NewOwners(handler);
        await owners.StopAsync(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => owners.RunAsync(new Orchestrator.Bot.Sessions.ChatKey(10, 0), _ => Task.FromResult(1), CancellationToken.None).WaitAsync(Timeout));
        await owners.DisposeAsync();
    }

    [Fact]
    public async Task A_handler_that_keeps_failing_is_tried_three_times_then_set_aside_and_the_user_told_once()
    {
        var handler = new GatedHandler { ThrowIds = [1] };
        await using var owners = NewOwners(handler);
        await PostAsync(owners, TextIn(1, chatId: 10), TextIn(2, chatId: 10));

        await WaitDoneAsync(2); // the chat goes on
        Assert.Equal(3, handler.Handlings(1));
        Assert.Equal("set_aside", await StatusAsync(1));
        Assert.Equal([1], handler.ToldSetAside.ToArray());
        Assert.Equal([1, 1, 1, 2], handler.StartOrder); // retried at once, before the chat's next update
    }

    [Fact]
    public async Task An_update_whose_handlings_never_finished_three_times_is_set_aside_without_a_fourth()
    {
        var handler = new GatedHandler();
        await using var owners = NewOwners(handler);
        await _inbox.StoreAsync([TextIn(1, chatId: 10), TextIn(2, chatId: 10)]);
        for (var i = 0; i < UpdateInbox.MaxAttempts; i++)
        {
            await _inbox.BeginAttemptAsync(1); // three lives of the bot died handling it
        }

        foreach (var item in await _inbox.LoadPendingAsync())
        {
            owners.Post(item);
        }

        await WaitDoneAsync(2);
        Assert.Equal(0, handler.Handlings(1));
        Assert.Equal("set_aside", await StatusAsync(1));
        Assert.Equal([1], handler.ToldSetAside.ToArray());
    }

    [Fact]
    public async Task Stopping_cancels_a_stuck_handler_and_leaves_it_pending_without_counting_the_attempt()
    {
        var handler = new GatedHandler();
        var owners = NewOwners(handler);
        handler.Block(1);
        await PostAsync(owners, TextIn(1, chatId: 10), TextIn(2, chatId: 10));
        await handler.Started(1).WaitAsync(Timeout);

        await owners.StopAsync(TimeSpan.FromMilliseconds(100)).WaitAsync(Timeout);
        await owners.DisposeAsync();

        Assert.Equal("pending", await StatusAsync(1));
        Assert.Equal("pending", await StatusAsync(2));
        Assert.Equal(0, handler.Handlings(2));
        var pending = await _inbox.LoadPendingAsync();
        Assert.Equal([0, 0], pending.Select(p => p.Attempts)); // a shutdown is not a failed attempt
    }

    [Fact]
    public async Task A_full_chat_refuses_further_updates_telling_once_per_episode_and_marks_them_done()
    {
        var handler = new GatedHandler();
        await using var owners = NewOwners(handler, maxQueued: 2);
        var block = handler.Block(1);
        await PostAsync(owners, TextIn(1, chatId: 10));
        await handler.Started(1).WaitAsync(Timeout);
        await PostAsync(owners, TextIn(2, chatId: 10), TextIn(3, chatId: 10), TextIn(4, chatId: 10), TextIn(5, chatId: 10), TextIn(6, chatId: 10));

        await Task.WhenAll(WaitDoneAsync(4), WaitDoneAsync(5), WaitDoneAsync(6));
        Assert.Equal([4], handler.Refused.ToArray()); // one "Busy" for the episode, while update 1 still runs
        Assert.Equal("pending", await StatusAsync(2));

        block.SetResult();
        await WaitDoneAsync(3);
        Assert.Equal([1, 2, 3], handler.StartOrder);

        // The queue emptied: the episode is over, and a new overflow is told again.
        var block7 = handler.Block(7);
        await PostAsync(owners, TextIn(7, chatId: 10));
        await handler.Started(7).WaitAsync(Timeout);
        await PostAsync(owners, TextIn(8, chatId: 10), TextIn(9, chatId: 10), TextIn(10, chatId: 10));
        await WaitDoneAsync(10);
        Assert.Equal([4, 10], handler.Refused.ToArray());
        block7.SetResult();
        await WaitDoneAsync(9);
    }

    [Fact]
    public async Task An_albums_parts_become_one_handling_in_message_order_once_they_stop_coming()
    {
        var handler = new GatedHandler();
        await using var owners = NewOwners(handler, albumQuietTime: TimeSpan.FromMilliseconds(300));
        await PostAsync(owners, TextIn(3, chatId: 10, mediaGroupId: "g"), TextIn(1, chatId: 10, mediaGroupId: "g"), TextIn(2, chatId: 10, mediaGroupId: "g"));
        await PostAsync(owners, TextIn(4, chatId: 10));

        await Task.WhenAll(WaitDoneAsync(1), WaitDoneAsync(2), WaitDoneAsync(3), WaitDoneAsync(4));
        Assert.Equal([1, 2, 3], Assert.Single(handler.Albums));
        Assert.DoesNotContain(1, handler.StartOrder); // not handled one by one
    }

    [Fact]
    public async Task Owners_retire_once_their_chat_has_nothing_left_to_do()
    {
        var handler = new GatedHandler();
        await using var owners = NewOwners(handler);
        await PostAsync(owners, Enumerable.Range(1, 50).Select(i => TextIn(i, chatId: i)).ToArray());

        await Task.WhenAll(Enumerable.Range(1, 50).Select(WaitDoneAsync));
        await WaitUntilAsync(() => owners.ActiveOwners == 0, "every owner retired");
        await PostAsync(owners, TextIn(51, chatId: 1)); // a retired chat gets a new owner
        await WaitDoneAsync(51);
    }

    private ChatOwners NewOwners(IBotUpdateHandler handler, int maxQueued = 50, TimeSpan? albumQuietTime = null) =>
        new(handler, _inbox, _log,
            Options.Create(new TelegramOptions { MaxQueuedUpdatesPerChat = maxQueued }),
            Options.Create(new MediaOptions { AlbumQuietTime = albumQuietTime ?? TimeSpan.FromSeconds(1) }));

    /// <summary>As the poller does: stored in the inbox first, then posted to the owners.</summary>
    private async Task PostAsync(ChatOwners owners, params Update[] updates)
    {
        foreach (var update in await _inbox.StoreAsync(updates))
        {
            owners.Post(new InboxItem(update, 0));
        }
    }

    private async Task<string?> StatusAsync(int updateId)
    {
        await using var connection = await _database.OpenAsync();
        return await connection.ExecuteScalarAsync<string?>("SELECT status FROM inbox WHERE update_id = @updateId", new { updateId });
    }

    private Task WaitDoneAsync(int updateId) => WaitUntilAsync(async () => await StatusAsync(updateId) is "done" or "set_aside", $"update {updateId} done");

    private Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    /// <summary>Polls the database (the inbox is the record of what was handled) until <paramref name="condition"/> holds.</summary>
    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out waiting for {what}; log: " + string.Join(" | ", _log.Entries.Select(e => $"{e.Level} {e.Message}")));
            }

            await Task.Delay(10);
        }
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }
}
