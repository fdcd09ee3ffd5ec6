namespace Orchestrator.Agents.Claude;

/// <summary>A Claude Code process could not be started or did not complete the <c>initialize</c> handshake.</summary>
public sealed class ClaudeStartException : Exception
{
    public ClaudeStartException(string message, Exception? innerException = null, bool sessionInUse = false)
        : base(message, innerException)
    {
        SessionInUse = sessionInUse;
    }

    /// <summary>The CLI refused because another process uses the session.</summary>
    public bool SessionInUse { get; }
}
