using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orchestrator.Agents.Claude.Protocol;

namespace Orchestrator.Agents.Claude;

// How a `result` message ends the turn: outcome, failure reason and usage.
internal sealed partial class ClaudeTurn
{
    private void OnResult(ClaudeOutputMessage result)
    {
        _awaitedResults--;
        AddUsage(result);
        if (_interruptRequested)
        {
            // Claude Code still answers the messages queued before the interrupt: interrupt each as it starts.
            _interruptNextMessage = _awaitedResults > 0;
            if (!_interruptNextMessage)
            {
                EndLocked(TurnOutcome.Interrupted, null, _translator.LastText);
            }

            return;
        }

        var failed = result.IsError == true;
        var reason = failed ? FailureReason(result) : null;
        if (_awaitedResults > 0)
        {
            if (failed)
            {
                Emit(new EngineWarning(reason!));
            }

            return;
        }

        EndLocked(failed ? TurnOutcome.Failed : TurnOutcome.Completed, reason, failed ? _translator.LastText : result.Result ?? _translator.LastText);
    }

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
