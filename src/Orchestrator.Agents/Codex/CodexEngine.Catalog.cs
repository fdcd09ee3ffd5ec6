using Orchestrator.Agents.Codex.Protocol;

namespace Orchestrator.Agents.Codex;

/// <summary>What Codex keeps besides turns: its models and its threads (named, archived and deleted with their sessions).</summary>
public sealed partial class CodexEngine
{
    /// <summary>
    /// The models Codex offers (app-server <c>model/list</c>, every page; hidden models left out), starting the app-server
    /// when needed.
    /// </summary>
    public async Task<IReadOnlyList<CodexModel>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        var models = new List<CodexModel>();
        string? cursor = null;
        for (var page = 0; page < 20; page++)
        {
            var response = await client.ListModelsAsync(new ModelListParams(cursor), cancellationToken).ConfigureAwait(false);
            models.AddRange(response.Data.Where(m => !m.Hidden));
            cursor = response.NextCursor;
            if (string.IsNullOrEmpty(cursor))
            {
                break;
            }
        }

        return models;
    }

    /// <summary><c>thread/name/set</c>: the name Codex shows for the thread (its own thread list, other Codex clients).</summary>
    public async Task RenameThreadAsync(string sessionId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        await client.SetThreadNameAsync(new ThreadSetNameParams(sessionId, name), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>thread/archive</c>: Codex moves the thread's history to its archive (resumable, not listed by default).</summary>
    public async Task ArchiveThreadAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        await client.ArchiveThreadAsync(new ThreadIdParams(sessionId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>thread/delete</c>: Codex deletes the thread and its history.</summary>
    public async Task DeleteThreadAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        await client.DeleteThreadAsync(new ThreadIdParams(sessionId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The threads Codex keeps (<c>thread/list</c>, every page up to 20): the active ones, or with
    /// <paramref name="archived"/> only the archived ones.
    /// </summary>
    public async Task<IReadOnlyList<CodexThread>> ListThreadsAsync(bool archived = false, CancellationToken cancellationToken = default)
    {
        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        var threads = new List<CodexThread>();
        string? cursor = null;
        for (var page = 0; page < 20; page++)
        {
            var response = await client.ListThreadsAsync(new ThreadListParams(archived, cursor), cancellationToken).ConfigureAwait(false);
            threads.AddRange(response.Data);
            cursor = response.NextCursor;
            if (string.IsNullOrEmpty(cursor))
            {
                break;
            }
        }

        return threads;
    }
}
