using Orchestrator.Agents.Codex.Protocol;

namespace Orchestrator.Agents.Codex;

/// <summary>The answer text of a turn: streamed deltas, by either path, kept per message item.</summary>
internal sealed partial class CodexTurn
{
    /// <summary>
    /// The streaming fast path (<see cref="CodexAppServerClient.AgentMessageDeltaReceived"/>, routed by thread): same
    /// effect as an <see cref="AgentMessageDeltaNotification"/> through <see cref="OnNotification"/>, but the turn id is
    /// compared in place, the item id string is reused from the item's earlier messages, and the only allocations are
    /// the delta text and its <see cref="TextDelta"/>.
    /// </summary>
    public void OnDelta(in BorrowedAgentMessageDelta delta)
    {
        lock (_lock)
        {
            if (IsEnded || !IsMine(delta.TurnId))
            {
                return;
            }

            AppendDelta(ItemIdFor(delta.ItemId), delta.GetDelta());
        }
    }

    private bool IsMine(ReadOnlySpan<char> turnId) => _turnId.Length == 0 || turnId.SequenceEqual(_turnId);

    /// <summary>The item id as a string: the one already known for this item when there is one.</summary>
    private string ItemIdFor(ReadOnlySpan<char> itemId)
    {
        if (_lastMessageId is { } last && itemId.SequenceEqual(last))
        {
            return last;
        }

        return _deltasByItemSpan.TryGetValue(itemId, out var known, out _) ? known : itemId.ToString();
    }

    private void OnDelta(AgentMessageDeltaNotification delta) => AppendDelta(delta.ItemId, delta.Delta);

    private void AppendDelta(string itemId, string delta)
    {
        if (!_deltas.TryGetValue(itemId, out var text))
        {
            _deltas[itemId] = text = [];
        }

        text.Add(delta);
        _lastMessageId = itemId;
        Emit(new TextDelta(itemId, delta));
    }

    private string? MessageText(string itemId) =>
        _completedText.TryGetValue(itemId, out var text) ? text : _deltas.TryGetValue(itemId, out var partial) ? string.Concat(partial) : null;
}
