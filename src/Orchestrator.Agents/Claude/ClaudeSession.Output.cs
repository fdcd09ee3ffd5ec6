using Microsoft.Extensions.Logging;
using Orchestrator.Agents.Claude.Protocol;
using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Claude;

// How a session routes what its claude process writes: stream messages to the running turn, control requests to approvals.
// Every user message carries a uuid of ours, and Claude Code says which message it answers (command_lifecycle `started`,
// user_message_uuids on the first frames and the result): what answers another turn's message (one an interrupt left
// queued, or cancelled) reaches no turn. A CLI that echoes no uuids is followed by count instead (_skipResults).
internal sealed partial class ClaudeSession
{
    private void OnMessage(ClaudeProcess process, ClaudeOutputMessage message)
    {
        if (!ReferenceEquals(process, _process) && _process is not null)
        {
            return; // A stale process.
        }

        if (message.Type is "result" || message is { Type: "system", Subtype: "init" })
        {
            _conversationExists = true;
        }

        if (message.Type == "control_request")
        {
            OnControlRequest(process, message);
            return;
        }

        var turn = _current;
        if (turn is null || turn.IsEnded || !ReferenceEquals(turn.Process, process))
        {
            if (message.Type == "result")
            {
                _logger.LogDebug("Ignoring a Claude result with no running turn in session {SessionId}", SessionId);
            }

            lock (_lock)
            {
                TrackAnsweredMessage(message);
            }

            return;
        }

        if (message.Type == "control_cancel_request" && message.RequestId is { } cancelled)
        {
            turn.OnPermissionCancelled(cancelled);
            return;
        }

        if (!IsForTurn(message, turn))
        {
            if (message.Type == "result")
            {
                _logger.LogDebug("Ignoring a Claude result for a message of an earlier turn in session {SessionId}", SessionId);
            }

            return;
        }

        turn.OnMessage(message);
    }

    /// <param name="leftoverResults">Results Claude Code still owes the interrupted turn; followed by uuid when the CLI echoes them.</param>
    internal void OnTurnEnded(ClaudeTurn turn, int leftoverResults)
    {
        lock (_lock)
        {
            if (!_echoesUuids)
            {
                _skipResults += leftoverResults;
            }
        }

        Interlocked.Exchange(ref _lastUsed, Environment.TickCount64);

        if (!_disposed && ReferenceEquals(turn, _current))
        {
            ArmIdleTimer();
        }
    }

    /// <summary>False for a message that answers a user message of another (ended) turn.</summary>
    private bool IsForTurn(ClaudeOutputMessage message, ClaudeTurn turn)
    {
        IReadOnlyList<string>? about;
        lock (_lock)
        {
            about = TrackAnsweredMessage(message);
            if (about is null && _skipResults > 0)
            {
                // A CLI that echoes no uuids: messages of a queued message whose turn was interrupted.
                if (message.Type == "result")
                {
                    _skipResults--;
                }

                return false;
            }
        }

        return about is null || turn.IsAbout(about);
    }

    /// <summary>
    /// Follows which user message Claude Code is answering (<see cref="_answering"/>); returns the uuids
    /// <paramref name="message"/> is about, or null when the CLI did not say. Under <see cref="_lock"/>.
    /// </summary>
    private IReadOnlyList<string>? TrackAnsweredMessage(ClaudeOutputMessage message)
    {
        if (message is { Type: "command_lifecycle", CommandUuid: { } command })
        {
            _echoesUuids = true;
            if (message.State == "started")
            {
                _answering = command;
            }
            else if (message.State != "queued" && string.Equals(_answering, command, StringComparison.OrdinalIgnoreCase))
            {
                _answering = null;
            }

            return [command];
        }

        if (message.AnsweredUuids is { } named)
        {
            _echoesUuids = true;
            _answering = message.Type == "result" ? null : named[^1];
            return named;
        }

        return _answering is { } answering ? [answering] : null;
    }

    private void OnControlRequest(ClaudeProcess process, ClaudeOutputMessage message)
    {
        if (message.RequestId is not { } requestId || message.Request is not { } request)
        {
            return;
        }

        if (request.Subtype == "can_use_tool" && _current is { IsEnded: false } turn && ReferenceEquals(turn.Process, process)
            && IsForTurn(message, turn))
        {
            turn.OnPermissionRequest(requestId, request);
            return;
        }

        var error = request.Subtype == "can_use_tool" ? "No turn is running." : $"Unsupported control request '{request.Subtype}'.";
        _logger.LogDebug("Answering Claude control request {Subtype} with an error: {Error}", request.Subtype, error);
        _ = process.RespondErrorAsync(requestId, error);
    }

    private async Task WatchAsync(ClaudeProcess process)
    {
        var exit = await process.Closed.ConfigureAwait(false);
        if (_current is { IsEnded: false } turn && ReferenceEquals(turn.Process, process))
        {
            _logger.LogWarning("Claude Code (session {SessionId}) exited during a turn {Exit}", SessionId, exit);
            turn.End(TurnOutcome.Failed, $"Claude Code exited unexpectedly: {exit}");
        }

        lock (_lock)
        {
            if (_process is null || ReferenceEquals(_process, process))
            {
                _skipResults = 0; // Whatever was queued in that process is gone with it.
                _answering = null;
                _echoesUuids = false;
            }
        }

        if (!_starting && (_process is null || ReferenceEquals(_process, process)))
        {
            _engine.Slots.Release(this); // No process here any more (a new one takes a slot again).
        }
    }
}
