namespace Orchestrator.Bot.Sessions;

/// <summary>What <c>/stop</c> did: whether a turn was running, and the refusal when the user may not stop it.</summary>
public sealed record StopOutcome(bool WasRunning, string? Refusal);
