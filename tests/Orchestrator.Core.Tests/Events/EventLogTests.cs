using Dapper;
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

    [Fact]
    public async Task Listing_by_chat_returns_that_chats_events_newest_first_with_every_other_filter_applied()
    {
        await _log.AppendAsync(new NewControlEvent(EventKinds.SessionState, "c1 old", SessionId: "a", ChatId: 1));
        var mark = await _log.AppendAsync(new NewControlEvent(EventKinds.SessionState, "c2", SessionId: "b", ChatId: 2));
        await _log.AppendAsync(new NewControlEvent(EventKinds.TurnStarted, "c1 turn", SessionId: "a", ChatId: 1));
        await _log.AppendAsync(new NewControlEvent(EventKinds.SessionState, "c1 new", SessionId: "c", ChatId: 1));
        await _log.AppendAsync(new NewControlEvent(EventKinds.SessionState, "no chat"));

        Assert.Equal(["c1 new", "c1 turn", "c1 old"], (await _log.ListAsync(new EventQuery(ChatId: 1))).Select(e => e.Summary));
        Assert.Equal(["c1 new", "c1 turn"], (await _log.ListAsync(new EventQuery(ChatId: 1, AfterId: mark.Id))).Select(e => e.Summary));
        Assert.Equal(["c1 new"], (await _log.ListAsync(new EventQuery(ChatId: 1, Kind: EventKinds.SessionState, AfterId: mark.Id))).Select(e => e.Summary));
        Assert.Equal(["c1 turn", "c1 old"], (await _log.ListAsync(new EventQuery(SessionId: "a", ChatId: 1))).Select(e => e.Summary));
        Assert.Equal(["c1 new"], (await _log.ListAsync(new EventQuery(ChatId: 1, Limit: 1))).Select(e => e.Summary));
        Assert.Equal(5, (await _log.ListAsync(new EventQuery())).Count);
    }

    /// <summary>
    /// <c>/events</c> in a chat must not read the whole event log: SQLite's plan for the list query searches an index
    /// (by chat: migration 0012) instead of scanning <c>control_events</c>; likewise by session and by project.
    /// </summary>
    [Theory]
    [InlineData("chat", "ix_control_events_chat")]
    [InlineData("chat after", "ix_control_events_chat")]
    [InlineData("session", "ix_control_events_session")]
    [InlineData("project", "ix_control_events_project")]
    public async Task Listing_by_chat_session_or_project_searches_its_index_instead_of_reading_every_event(string filter, string index)
    {
        var query = filter switch
        {
            "chat" => new EventQuery(ChatId: 42),
            "chat after" => new EventQuery(ChatId: 42, AfterId: 10),
            "session" => new EventQuery(SessionId: "s"),
            _ => new EventQuery(ProjectId: "p"),
        };
        await using var connection = await _database.OpenAsync();

        var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>(
            "EXPLAIN QUERY PLAN " + EventLog.ListSql(query), EventLog.ListParameters(query))).Select(p => p.Detail).ToList();

        Assert.Contains(plan, step => step.StartsWith("SEARCH control_events USING", StringComparison.Ordinal) && step.Contains(index, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
    }
}
