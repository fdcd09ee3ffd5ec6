namespace Orchestrator.Agents;

/// <summary>The engine does not know the session id passed to <see cref="IAgentEngine.ResumeSessionAsync"/> (unknown or malformed).</summary>
public sealed class AgentSessionNotFoundException : Exception
{
    public AgentSessionNotFoundException(string sessionId, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        SessionId = sessionId;
    }

    public string SessionId { get; }
}
