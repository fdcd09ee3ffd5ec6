using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orchestrator.Agents.Claude.Protocol;

namespace Orchestrator.Agents.Claude;

// How a `result` message (or an interrupt's receipt) ends the turn: outcome, failure reason and usage.
internal sealed partial class ClaudeTurn
{
    private void OnResult(ClaudeOutputMessage result)
    {
        if (!_awaited.OnResult(result.AnsweredUuids))
        {
            // The answer to a message an interrupt cancelled (or to none of ours): it ends nothing here.
            _logger.LogDebug("Claude turn {TurnId}: ignoring a result for messages it no longer awaits", TurnId);
            return;
        }

        AddUsage(result);
        if (_interruptRequested)
        {
            // A message still awaited was queued and not cancelled by the interrupt (a CLI without cancel_queued):
            // Claude Code answers it next, so interrupt it as it starts.
            _interruptNextMessage = _awaited.Count > 0;
            if (!_interruptNextMessage)
            {
                EndLocked(TurnOutcome.Interrupted, null, _translator.LastText);
            }

            return;
        }

        var failed = result.IsError == true;
        var reason = failed ? FailureReason(result) : null;
        if (_awaited.Count > 0)
        {
            if (failed)
            {
                Emit(new EngineWarning(reason!));
            }

            return;
        }

        EndLocked(failed ? TurnOutcome.Failed : TurnOutcome.Completed, reason, failed ? _translator.LastText : result.Result ?? _translator.LastText);
    }

    /// <summary>The queued messages the interrupt cancelled get no result: once nothing else is awaited, the turn is over.</summary>
    private void OnInterruptReceipt(ClaudeInterruptReceipt receipt)
    {
        lock (_lock)
        {
            if (IsEnded)
            {
                return;
            }

            _awaited.OnCancelled(receipt.Cancelled);
            if (receipt.StillQueued.Count > 0)
            {
                _logger.LogDebug("Claude turn {TurnId}: {Count} message(s) still queued after the interrupt", TurnId, receipt.StillQueued.Count);
            }

            if (_interruptRequested && _awaited.Count == 0)
            {
                EndLocked(TurnOutcome.Interrupted, null, _translator.LastText);
            }
        }
    }

    /// <summary>
    /// Claude Code starts answering a message this turn still awaits: its <c>command_lifecycle</c> <c>started</c> frame,
    /// or, from a CLI without those frames, the <c>system/init</c> that opens each of its turns.
    /// </summary>
    private bool IsStartOfAwaitedMessage(ClaudeOutputMessage message) =>
        message switch
        {
            { Type: "command_lifecycle", State: "started", CommandUuid: { } uuid } => _awaited.AwaitsAny([uuid]),
            { Type: "system", Subtype: "init" } => true,
            _ => false,
        };

    private string FailureReason(ClaudeOutputMessage result)
    {
        if (!string.IsNullOrWhiteSpace(result.Result))
        {
            return result.Result;
        }

        if (result.Errors is { Count: > 0 } errors)
        {
            return string.Join("; ", errors);
        }

        return _translator.ApiErrorText ?? $"Claude Code ended the turn with '{result.TerminalReason ?? result.Subtype ?? "an error"}'.";
    }

    private void AddUsage(ClaudeOutputMessage result)
    {
        if (result.Usage is { } usage)
        {
            _inputTokens += (usage.InputTokens ?? 0) + (usage.CacheCreationInputTokens ?? 0) + (usage.CacheReadInputTokens ?? 0);
            _outputTokens += usage.OutputTokens ?? 0;
        }

        var cost = _session.CostOfResult(result);
        if (cost is not null)
        {
            _cost = (_cost ?? 0) + cost;
        }

        _usage = new TokenUsage(_inputTokens, _outputTokens, _inputTokens + _outputTokens, _cost);
        Emit(new TokenUsageUpdated(_usage));
    }
}
