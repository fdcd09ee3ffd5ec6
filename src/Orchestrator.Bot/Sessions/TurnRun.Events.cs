using Microsoft.Extensions.Logging;

namespace Orchestrator.Bot.Sessions;

/// <summary>What a running turn publishes for faces other than Telegram: its text deltas and activity, live.</summary>
public sealed partial class TurnRun
{
    /// <summary>
    /// A <c>turn.activity</c> event when the activity changed (empty: it ended). Under <see cref="_gate"/>, so that the
    /// events are in the order of the changes. Redacted: a command line may carry a secret.
    /// </summary>
    private void PublishActivity(string activity)
    {
        if (_context.Live is not { } live || activity == _publishedActivity)
        {
            return;
        }

        _publishedActivity = activity;
        live.Publish(Orchestrator.Core.Events.TransientKinds.TurnActivity, AgentId, Chat.ChatId, TurnId, _context.Redactor.Redact(activity));
    }

    /// <summary>
    /// A <c>turn.delta</c> event, redacted as the stored answer is: the end of a piece that could begin a secret is held
    /// back until the next piece (<see cref="StreamRedaction"/>), released when the answer moves to another item or ends.
    /// Called from the event loop only.
    /// </summary>
    private void PublishDelta(string? itemId, string piece)
    {
        if (_context.Live is not { } live)
        {
            return;
        }

        // A new item (another message of the answer) cannot continue a secret begun in the previous one.
        var released = _streamItemId is not null && itemId != _streamItemId ? _stream.Flush() : "";
        var text = released + _stream.Push(piece);

        _streamItemId = itemId;
        if (text.Length > 0)
        {
            live.Publish(Orchestrator.Core.Events.TransientKinds.TurnDelta, AgentId, Chat.ChatId, TurnId, text);
        }
    }

    /// <summary>The turn ended: what the live stream held back goes out, and the activity ends.</summary>
    private void EndLiveStream()
    {
        if (_context.Live is not { } live)
        {
            return;
        }

        var held = _stream.Flush();
        if (held.Length > 0)
        {
            live.Publish(Orchestrator.Core.Events.TransientKinds.TurnDelta, AgentId, Chat.ChatId, TurnId, held);
        }

        lock (_gate)
        {
            PublishActivity("");
        }
    }
}
