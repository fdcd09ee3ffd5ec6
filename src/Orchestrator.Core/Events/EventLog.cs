using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Dapper;
using Orchestrator.Core.Persistence;

namespace Orchestrator.Core.Events;

/// <summary>
/// <see cref="IEventLog"/> on the <c>control_events</c> table. Appends are serialized so that ids are published in
/// order; a follower reads from the table and only waits on a signal when it has caught up, so what it yields has no gap
/// and no repeat whatever its speed (events are a few per turn, not per delta: a query per event per reader is cheap).
/// </summary>
public sealed class EventLog : IEventLog
{
    private const int FollowBatch = 200;
    private readonly IDatabase _database;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _appendGate = new(1, 1);
    private readonly ConcurrentDictionary<Channel<bool>, byte> _followers = new();

    public EventLog(IDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    public async Task<ControlEvent> AppendAsync(NewControlEvent newEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newEvent);
        var at = _time.GetUtcNow();
        await _appendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            var id = await connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO control_events (at, kind, project_id, session_id, agent_id, chat_id, actor, summary, data)
                VALUES (@At, @Kind, @ProjectId, @SessionId, @AgentId, @ChatId, @Actor, @Summary, @Data);
                SELECT last_insert_rowid();
                """,
                new
                {
                    At = at.ToString("O"), newEvent.Kind, newEvent.ProjectId, newEvent.SessionId, newEvent.AgentId,
                    newEvent.ChatId, newEvent.Actor, newEvent.Summary, newEvent.Data,
                }).ConfigureAwait(false);
            foreach (var follower in _followers.Keys)
            {
                follower.Writer.TryWrite(true);
            }

            return new ControlEvent(id, at, newEvent.Kind, newEvent.Summary, newEvent.ProjectId, newEvent.SessionId,
                newEvent.AgentId, newEvent.ChatId, newEvent.Actor, newEvent.Data);
        }
        finally
        {
            _appendGate.Release();
        }
    }

    public async Task<IReadOnlyList<ControlEvent>> ListAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<EventRow>(ListSql(query), ListParameters(query)).ConfigureAwait(false);
        return rows.Select(r => r.ToEvent()).ToList();
    }

    /// <summary>
    /// The list query with only the filters <paramref name="query"/> sets. A condition written for every filter
    /// (<c>@ChatId IS NULL OR chat_id = @ChatId</c>) cannot use an index, so SQLite would read the whole table for every
    /// <c>/events</c>; with only the set filters it searches the chat, session or project index (0007, 0012).
    /// The text is made of fixed pieces only: every value is a parameter.
    /// </summary>
    internal static string ListSql(EventQuery query)
    {
        var conditions = new List<string>(5);
        if (query.ProjectId is not null)
        {
            conditions.Add("project_id = @ProjectId");
        }

        if (query.SessionId is not null)
        {
            conditions.Add("session_id = @SessionId");
        }

        if (query.Kind is not null)
        {
            conditions.Add("kind = @Kind");
        }

        if (query.AfterId is not null)
        {
            conditions.Add("id > @AfterId");
        }

        if (query.ChatId is not null)
        {
            conditions.Add("chat_id = @ChatId");
        }

        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions) + "\n";
        return $"""
            SELECT id AS Id, at AS At, kind AS Kind, project_id AS ProjectId, session_id AS SessionId, agent_id AS AgentId,
                   chat_id AS ChatId, actor AS Actor, summary AS Summary, data AS Data FROM control_events
            {where}ORDER BY id DESC LIMIT @Limit
            """;
    }

    internal static object ListParameters(EventQuery query) =>
        new { query.ProjectId, query.SessionId, query.Kind, query.AfterId, query.ChatId, Limit = Math.Clamp(query.Limit, 1, 1000) };

    public async IAsyncEnumerable<ControlEvent> FollowAsync(
        long afterId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        _followers.TryAdd(signal, 0); // before the first read: an append during it signals, so nothing is missed
        try
        {
            var last = afterId;
            while (!cancellationToken.IsCancellationRequested)
            {
                IReadOnlyList<EventRow> batch;
                await using (var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false))
                {
                    batch = (await connection.QueryAsync<EventRow>(
                        """
                        SELECT id AS Id, at AS At, kind AS Kind, project_id AS ProjectId, session_id AS SessionId, agent_id AS AgentId,
                               chat_id AS ChatId, actor AS Actor, summary AS Summary, data AS Data
                        FROM control_events WHERE id > @Last ORDER BY id LIMIT @Batch
                        """,
                        new { Last = last, Batch = FollowBatch }).ConfigureAwait(false)).ToList();
                }

                foreach (var row in batch)
                {
                    last = row.Id;
                    yield return row.ToEvent();
                }

                if (batch.Count < FollowBatch)
                {
                    await signal.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _followers.TryRemove(signal, out _);
        }
    }

    private sealed record EventRow(
        long Id, string At, string Kind, string? ProjectId, string? SessionId, long? AgentId, long? ChatId,
        string? Actor, string Summary, string? Data)
    {
        public ControlEvent ToEvent() => new(
            Id, DateTimeOffset.Parse(At, System.Globalization.CultureInfo.InvariantCulture), Kind, Summary, ProjectId,
            SessionId, AgentId, ChatId, Actor, Data);
    }
}
