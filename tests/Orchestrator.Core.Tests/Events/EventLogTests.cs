using Orchestrator.Core.Events;

namespace Orchestrator.Core.Tests.Events;

public sealed class EventLogTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly EventLog _log;

    public EventLogTests() => _log = new EventLog(_database, TimeProvider.System);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Listing_filters_by_session_and_shows_newest_first()
    {
        await _log.AppendAsync(new NewControlEvent(EventKinds.SessionState, "a created", ProjectId: "p1", SessionId: "a"));
        await _log.AppendAsync(new NewControlEvent(EventKinds.SessionState, "b created", ProjectId: "p1", SessionId: "b"));
        await _log.AppendAsync(new NewControlEvent(EventKinds.TurnStarted, "a turn", ProjectId: "p1", SessionId: "a", AgentId: 7, ChatId: -100));

        var forA = await _log.ListAsync(new EventQuery(SessionId: "a"));

        Assert.Equal(["a turn", "a created"], forA.Select(e => e.Summary));
        Assert.Equal(7, forA[0].AgentId);
        Assert.Equal(-100, forA[0].ChatId);
        Assert.True(forA[0].Id > forA[1].Id);
    }

    [Fact]
    public async Task A_follower_gets_stored_events_then_live_ones_without_gap_or_repeat()
    {
        var first = await _log.AppendAsync(new NewControlEvent(EventKinds.TurnStarted, "one"));
        await _log.AppendAsync(new NewControlEvent(EventKinds.TurnStarted, "two"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<string>();

        var reading = Task.Run(async () =>
        {
            await foreach (var e in _log.FollowAsync(first.Id, cts.Token))
            {
                seen.Add(e.Summary);
                if (seen.Count == 41)
                {
                    return;
                }
            }
        });
        // Appended from several writers while the follower reads: ids must still arrive in order, each once.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await _log.AppendAsync(new NewControlEvent(EventKinds.TurnEnded, $"w{w}-{i}"));
            }
        })));
        await reading.WaitAsync(cts.Token);

        Assert.Equal("two", seen[0]);
        Assert.Equal(41, seen.Distinct().Count());
        var stored = (await _log.ListAsync(new EventQuery(AfterId: first.Id, Limit: 100))).Reverse().Select(e => e.Summary);
        Assert.Equal(stored, seen);
    }
}
