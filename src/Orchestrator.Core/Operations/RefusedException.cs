namespace Orchestrator.Core.Operations;

/// <summary>
/// An operation was refused for a reason the user can act on (bad input, wrong state, not theirs). The message is
/// written for the user and shown as is by every face; nothing was changed.
/// </summary>
public sealed class RefusedException(string message) : Exception(message);
