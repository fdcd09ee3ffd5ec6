using Microsoft.Extensions.Options;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.Media;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Bot.Tests.Harness;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Tests.Media;

public sealed class AlbumCoalescerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Parts_keep_joining_while_each_comes_within_the_quiet_time_of_the_previous()
    {
        // Quiet time 2 s; parts 1.2 s apart on the coalescer's clock: the last comes 2.4 s after the first, yet all make
        // one flush. The clock and its timers move only when the test moves them, so a slow machine cannot split the album.
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch, manualTimers: true);
        var coalescer = new AlbumCoalescer(Options.Create(new MediaOptions { AlbumQuietTime = TimeSpan.FromSeconds(2) }), clock);
        var flushes = new List<IReadOnlyList<int>>();
        Task Flush(IReadOnlyList<IncomingMessage> parts, CancellationToken ct)
        {
            lock (flushes)
            {
                flushes.Add(parts.Select(p => p.Message.Id).ToList());
            }

            return Task.CompletedTask;
        }

        var waiting = clock.NextTimerArmedAsync();
        var first = coalescer.AddAsync(1, "g", Part(3), Flush, CancellationToken.None);
        await waiting.WaitAsync(Timeout); // the first part waits for its quiet time
        clock.Advance(TimeSpan.FromSeconds(1.2));
        var second = coalescer.AddAsync(1, "g", Part(1), Flush, CancellationToken.None);
        waiting = clock.NextTimerArmedAsync();
        clock.Advance(TimeSpan.FromSeconds(1.2)); // the first part's quiet time is over, the second's is not

        await Task.WhenAny(waiting, first).WaitAsync(Timeout);
        Assert.Empty(flushes); // the coalescer looked again and waits on for the second part's quiet time
        var third = coalescer.AddAsync(1, "g", Part(2), Flush, CancellationToken.None);
        var other = coalescer.AddAsync(2, "g", Part(9), Flush, CancellationToken.None); // another chat's album
        Assert.Equal(2, coalescer.PendingAlbums);
        clock.Advance(TimeSpan.FromSeconds(2)); // quiet since the last parts
        await Task.WhenAll(first, second, third, other).WaitAsync(Timeout);

        Assert.Equal(2, flushes.Count);
        Assert.Contains(flushes, f => f.SequenceEqual([1, 2, 3])); // message order, not arrival order
        Assert.Contains(flushes, f => f.SequenceEqual([9]));
        Assert.Equal(0, coalescer.PendingAlbums);
    }

    [Fact]
    public async Task No_part_counts_as_handled_before_the_flush_ran()
    {
        var coalescer = new AlbumCoalescer(Options.Create(new MediaOptions { AlbumQuietTime = TimeSpan.FromMilliseconds(100) }), TimeProvider.System);
        var flushing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task Flush(IReadOnlyList<IncomingMessage> parts, CancellationToken ct)
        {
            flushing.TrySetResult();
            await release.Task;
        }

        var first = coalescer.AddAsync(1, "g", Part(1), Flush, CancellationToken.None);
        var second = coalescer.AddAsync(1, "g", Part(2), Flush, CancellationToken.None);
        await flushing.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        release.SetResult();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_shutdown_while_waiting_leaves_every_part_unhandled_and_flushes_nothing()
    {
        var coalescer = new AlbumCoalescer(Options.Create(new MediaOptions { AlbumQuietTime = TimeSpan.FromSeconds(30) }), TimeProvider.System);
        using var stopping = new CancellationTokenSource();
        var flushed = false;
        Task Flush(IReadOnlyList<IncomingMessage> parts, CancellationToken ct)
        {
            flushed = true;
            return Task.CompletedTask;
        }

        var first = coalescer.AddAsync(1, "g", Part(1), Flush, stopping.Token);
        var second = coalescer.AddAsync(1, "g", Part(2), Flush, CancellationToken.None);
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(flushed);
        Assert.Equal(0, coalescer.PendingAlbums);
    }

    private static IncomingMessage Part(int messageId) => new(
        new Message { Id = messageId, Chat = new Chat { Id = 1 }, MediaGroupId = "g" },
        UserRole.Allowed,
        ChatTarget.Private(1));
}
