namespace Orchestrator.Agents.Acp;

/// <summary>An ACP agent could not be started, did not finish its handshake, or has no free process slot.</summary>
public sealed class AcpStartException(string message, Exception? innerException = null) : Exception(message, innerException);
