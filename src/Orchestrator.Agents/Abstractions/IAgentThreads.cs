namespace Orchestrator.Agents;

/// <summary>
/// An optional capability of an engine whose sessions are threads it keeps a list of (Codex: <c>thread/name/set</c>,
/// <c>thread/archive</c>, <c>thread/delete</c>), so a coding session's thread is named, archived and deleted with it.
/// Engines without such a list (Claude, ACP) do not implement it; callers check with <c>is IAgentThreads</c>.
/// </summary>
public interface IAgentThreads
{
    /// <summary>Gives the thread <paramref name="sessionId"/> a name (shown in the engine's own thread list).</summary>
    Task RenameThreadAsync(string sessionId, string name, CancellationToken cancellationToken = default);

    /// <summary>Archives the thread (it leaves the engine's list of active threads; it can still be resumed).</summary>
    Task ArchiveThreadAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the thread and its history from the engine's store.</summary>
    Task DeleteThreadAsync(string sessionId, CancellationToken cancellationToken = default);
}
