using Orchestrator.Bot.Telegram.Outbox;

namespace Orchestrator.Bot.Tests.Telegram.Outbox;

/// <summary>Plays a live message's owner (as a turn does): answers every content request with what it renders now, on its own loop.</summary>
internal sealed class ContentOwner : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _answers;

    public ContentOwner(ILiveMessage live, Func<IReadOnlyList<OutgoingContent>> render)
    {
        _loop = Task.Run(async () =>
        {
            while (true)
            {
                await live.ContentRequested.WaitAsync(_stop.Token);
                Interlocked.Increment(ref _answers);
                live.Update(render());
            }
        });
    }

    /// <summary>Requests answered so far (renders made).</summary>
    public int Answers => Volatile.Read(ref _answers);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
