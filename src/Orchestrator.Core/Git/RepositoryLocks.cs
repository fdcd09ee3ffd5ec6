using System.Collections.Concurrent;

namespace Orchestrator.Core.Git;

/// <summary>
/// One gate per repository (keyed by its common git directory, shared by the main checkout and all its worktrees), so
/// that this process never runs two git operations on one repository at once: <c>git worktree add</c> and ref updates
/// race on lock files otherwise. Other processes (the user, an agent's own git) are handled by the lock retry instead.
/// </summary>
internal sealed class RepositoryLocks
{
    // One entry per repository ever used: a handful, never removed (a removed gate could be recreated while still held).
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string repositoryKey, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(repositoryKey, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
