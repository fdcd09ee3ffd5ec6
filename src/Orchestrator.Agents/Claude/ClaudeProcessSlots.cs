namespace Orchestrator.Agents.Claude;

/// <summary>
/// Bounds the Claude Code processes running at once (<see cref="ClaudeEngineOptions.MaxProcesses"/>): a session takes a
/// slot before it starts a process and gives it back when the process is gone. When all slots are taken, the least
/// recently used idle session is chosen to give up its process (it resumes with <c>--resume</c> on its next turn); when
/// none is idle, the start is refused.
/// </summary>
internal sealed class ClaudeProcessSlots(int max)
{
    private readonly Lock _lock = new();
    private readonly HashSet<ClaudeSession> _holders = [];

    public int Max { get; } = Math.Max(1, max);

    /// <summary>The sessions holding a slot now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _holders.Count;
            }
        }
    }

    /// <summary>
    /// Takes a slot for <paramref name="session"/>; returns the idle session whose process the caller must stop to make
    /// room (its slot is already handed over), or null.
    /// </summary>
    /// <exception cref="ClaudeBusyException">Every slot is held by a session with a running turn.</exception>
    public ClaudeSession? Acquire(ClaudeSession session)
    {
        lock (_lock)
        {
            if (_holders.Contains(session) || _holders.Count < Max)
            {
                _holders.Add(session);
                return null;
            }

            var victim = _holders.Where(s => s.IsIdle).MinBy(s => s.LastUsed);
            if (victim is null)
            {
                throw new ClaudeBusyException(_holders.Count);
            }

            _holders.Remove(victim);
            _holders.Add(session);
            return victim;
        }
    }

    public void Release(ClaudeSession session)
    {
        lock (_lock)
        {
            _holders.Remove(session);
        }
    }
}
