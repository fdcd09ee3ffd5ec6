namespace Orchestrator.Agents.Processes;

/// <summary>The executable of a <see cref="ProcessCommand"/> could not be started (not found, not executable).</summary>
public sealed class ProcessStartException : Exception
{
    public ProcessStartException(string message)
        : base(message)
    {
    }

    public ProcessStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
