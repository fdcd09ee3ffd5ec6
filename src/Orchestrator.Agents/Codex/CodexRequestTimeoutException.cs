namespace Orchestrator.Agents.Codex;

/// <summary>
/// The app-server left a request unanswered for longer than <see cref="CodexEngineOptions.RequestTimeout"/>: it counts
/// as hung and is being restarted. The message is meant for the user ("Codex did not answer turn/start within 60 s;
/// restarting it").
/// </summary>
public sealed class CodexRequestTimeoutException : TimeoutException
{
    public CodexRequestTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
