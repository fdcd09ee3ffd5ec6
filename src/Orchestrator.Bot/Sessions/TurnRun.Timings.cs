using Microsoft.Extensions.Logging;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// When the bot received what a user waits for: the turn's first text from the engine, and an engine's approval request.
/// The latency goals of issue 14 are stated from these moments (docs/performance.md §8.4); the benchmark turns these
/// Debug lines on for the bot's log category and reads them from its console, so the time is in the message text.
/// Once per turn and per approval: nothing is added to the per-delta path after the first delta.
/// </summary>
public sealed partial class TurnRun
{
    private void LogFirstText()
    {
        if (_context.Logger.IsEnabled(LogLevel.Debug))
        {
            _context.Logger.LogDebug("Turn {TurnId}: first text received at {ReceivedAtUtc:o}", TurnId, DateTimeOffset.UtcNow);
        }
    }

    private void LogApprovalReceived(string approvalId)
    {
        if (_context.Logger.IsEnabled(LogLevel.Debug))
        {
            _context.Logger.LogDebug(
                "Turn {TurnId}: approval {ApprovalId} requested by the engine at {ReceivedAtUtc:o}", TurnId, approvalId, DateTimeOffset.UtcNow);
        }
    }
}
