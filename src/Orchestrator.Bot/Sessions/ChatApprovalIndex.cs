using System.Diagnostics.CodeAnalysis;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// The approvals pending in each chat, kept in the chat's own state (<see cref="ChatRuntime.PendingApprovals"/>, the
/// state of the chat's owner) rather than in one bot-wide table: stored in and removed from the turn's chat; looked up
/// by key across chats (keys are unique; presses are rare, chats few). Removal is atomic, so the first decision wins
/// whichever face (button, API, timeout, the turn's end) makes it.
/// </summary>
internal sealed class ChatApprovalIndex<T>(ChatRuntimes runtimes, Func<T, ChatKey> chatOf)
    where T : class
{
    public T this[string key]
    {
        set => runtimes.Get(chatOf(value)).PendingApprovals[key] = value;
    }

    public IEnumerable<T> Values => runtimes.All.SelectMany(r => r.PendingApprovals.Values).Cast<T>();

    public int Count => runtimes.All.Sum(r => r.PendingApprovals.Count);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out T value)
    {
        foreach (var runtime in runtimes.All)
        {
            if (runtime.PendingApprovals.TryGetValue(key, out var found))
            {
                value = (T)found;
                return true;
            }
        }

        value = null;
        return false;
    }

    public bool TryRemove(string key, [MaybeNullWhen(false)] out T value)
    {
        foreach (var runtime in runtimes.All)
        {
            if (runtime.PendingApprovals.TryRemove(key, out var found))
            {
                value = (T)found;
                return true;
            }
        }

        value = null;
        return false;
    }
}
