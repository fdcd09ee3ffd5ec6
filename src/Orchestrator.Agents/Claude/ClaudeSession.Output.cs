using Microsoft.Extensions.Logging;
using Orchestrator.Agents.Claude.Protocol;
using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Claude;

// How a session routes what its claude process writes: stream messages to the running turn, control requests to approvals.
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
        lock (_lock)
        {
            if (_skipResults > 0)
            {
                // Messages of a queued message whose turn was interrupted: nobody listens any more.
                if (message.Type == "result")
                {
                    _skipResults--;
                }

                return;
            }
        }

        if (turn is null || turn.IsEnded || !ReferenceEquals(turn.Process, process))
        {
            if (message.Type == "result")
            {
                _logger.LogDebug("Ignoring a Claude result with no running turn in session {SessionId}", SessionId);
            }

            return;
        }

        if (message.Type == "control_cancel_request" && message.RequestId is { } cancelled)
        {
            turn.OnPermissionCancelled(cancelled);
            return;
        }

        turn.OnMessage(message);
    }

    private void OnControlRequest(ClaudeProcess process, ClaudeOutputMessage message)
    {
        if (message.RequestId is not { } requestId || message.Request is not { } request)
        {
            return;
        }

        if (request.Subtype == "can_use_tool" && _current is { IsEnded: false } turn && ReferenceEquals(turn.Process, process))
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
            }
        }

        if (!_starting && (_process is null || ReferenceEquals(_process, process)))
        {
            _engine.Slots.Release(this); // No process here any more (a new one takes a slot again).
        }
    }
}
