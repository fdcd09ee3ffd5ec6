namespace Orchestrator.Core.Events;

/// <summary>
/// The control plane's event log: appended events are stored (SQLite) and then handed to every live reader.
/// Telegram's <c>/events</c> and events chat, and the HTTP API's <c>GET /events</c> and SSE stream read it.
/// </summary>
public interface IEventLog
{
    /// <summary>Stores the event and publishes it to live readers; returns it with its id and time.</summary>
    Task<ControlEvent> AppendAsync(NewControlEvent newEvent, CancellationToken cancellationToken = default);

    /// <summary>Stored events matching the query, newest first.</summary>
    Task<IReadOnlyList<ControlEvent>> ListAsync(EventQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every event with an id above <paramref name="afterId"/>, in id order: the stored ones first, then each new one
    /// as it is appended, without a gap or a repeat between the two (a reconnect with the last id seen misses nothing).
    /// Ends when the token is cancelled. Storage is the source: a slow reader catches up, it is never dropped.
    /// </summary>
    IAsyncEnumerable<ControlEvent> FollowAsync(long afterId, CancellationToken cancellationToken = default);
}
