namespace Orchestrator.Agents.Claude;

/// <summary>
/// The user messages of one turn (by the uuid we gave each) that Claude Code still owes a <c>result</c>. A result names the
/// messages it answers (<c>user_message_uuids</c>: one, or several that Claude took in together); an interrupt's receipt
/// names the queued ones it cancelled, which never get a result. A CLI that echoes no uuids answers every message with
/// one result in order, so a result that names none answers the oldest. Not thread-safe: the owning turn locks.
/// </summary>
internal sealed class ClaudeAwaitedMessages
{
    private readonly HashSet<string> _sent = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _awaited = [];

    /// <summary>How many results are still owed.</summary>
    public int Count => _awaited.Count;

    /// <summary>The messages still owed a result, oldest first.</summary>
    public IReadOnlyList<string> Remaining => _awaited;

    /// <summary>True when <paramref name="uuid"/> is one of this turn's messages (owed a result or not).</summary>
    public bool IsOurs(string uuid) => _sent.Contains(uuid);

    /// <summary>True when one of <paramref name="uuids"/> is still owed a result.</summary>
    public bool AwaitsAny(IEnumerable<string> uuids) => uuids.Any(u => _awaited.Contains(u, StringComparer.OrdinalIgnoreCase));

    public void Add(string uuid)
    {
        _sent.Add(uuid);
        _awaited.Add(uuid);
    }

    /// <summary>The message could not be written: nothing is owed for it.</summary>
    public void Forget(string uuid)
    {
        _sent.Remove(uuid);
        Remove(uuid);
    }

    /// <summary>
    /// Applies a result naming <paramref name="answered"/> (null: it names none). Returns false when it answers none of the
    /// messages still owed (a message already cancelled, or another turn's), so the result is not this turn's to count.
    /// </summary>
    public bool OnResult(IReadOnlyList<string>? answered)
    {
        if (answered is null)
        {
            if (_awaited.Count == 0)
            {
                return false;
            }

            _awaited.RemoveAt(0);
            return true;
        }

        var removed = false;
        foreach (var uuid in answered)
        {
            removed |= Remove(uuid);
        }

        return removed;
    }

    /// <summary>The CLI will never answer <paramref name="uuids"/> (cancelled by an interrupt).</summary>
    public void OnCancelled(IEnumerable<string> uuids)
    {
        foreach (var uuid in uuids)
        {
            Remove(uuid);
        }
    }

    private bool Remove(string uuid)
    {
        var index = _awaited.FindIndex(u => string.Equals(u, uuid, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            return false;
        }

        _awaited.RemoveAt(index);
        return true;
    }
}
