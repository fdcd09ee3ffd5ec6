namespace Orchestrator.Agents.Claude;

/// <summary>
/// A new Claude Code process would pass <see cref="ClaudeEngineOptions.MaxProcesses"/> and every running one is busy
/// with a turn.
/// </summary>
public sealed class ClaudeBusyException(int busy)
    : Exception($"{busy} Claude sessions are busy; try again when one finishes.")
{
    public int Busy { get; } = busy;
}
