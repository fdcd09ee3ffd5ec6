using Microsoft.Extensions.Logging;
using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Claude;

/// <summary>
/// Starts a session's process and runs the <c>initialize</c> control handshake, so that a bad executable, an unknown
/// session id (<c>No conversation found with session ID</c>) or a session in use fail here with a clear exception.
/// </summary>
internal static class ClaudeProcessStarter
{
    private const string NotFoundMarker = "No conversation found with session ID";

    /// <exception cref="AgentSessionNotFoundException">Resuming an id Claude Code does not know.</exception>
    /// <exception cref="ClaudeStartException">The process did not start or exited during the handshake.</exception>
    public static async Task<ClaudeProcess> StartAsync(ClaudeSession session, bool resume, CancellationToken cancellationToken)
    {
        var options = session.EngineOptions;
        ClaudeProcess process;
        try
        {
            process = session.StartProcess(resume);
        }
        catch (ProcessStartException ex)
        {
            throw new ClaudeStartException($"Could not start Claude Code ('{options.Command}'): {ex.Message}", ex);
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.StartTimeout);
            var handshake = process.SendControlRequestAsync("initialize", timeout.Token);
            await Task.WhenAny(handshake, process.Closed).ConfigureAwait(false);
            if (handshake.IsCompletedSuccessfully)
            {
                session.Logger.LogInformation(
                    "Claude Code started for session {SessionId} (pid {Pid}, {Mode})", session.SessionId, process.ProcessId, resume ? "resume" : "new");
                return process;
            }

            if (!process.IsClosed)
            {
                await handshake.ConfigureAwait(false); // Throws the cancellation / timeout.
            }

            var exit = await process.Closed.ConfigureAwait(false);
            throw MapExit(session.SessionId, resume, exit);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            await process.StopAsync(options.ShutdownGracePeriod).ConfigureAwait(false);
            throw new ClaudeStartException($"Claude Code did not answer the initialize handshake within {options.StartTimeout}.", ex);
        }
        catch (OperationCanceledException)
        {
            await process.StopAsync(options.ShutdownGracePeriod).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Maps an exit during the handshake to the exception the caller should see.</summary>
    internal static Exception MapExit(string sessionId, bool resume, ClaudeExit exit)
    {
        if (resume && exit.StderrTail.Contains(NotFoundMarker, StringComparison.OrdinalIgnoreCase))
        {
            return new AgentSessionNotFoundException(sessionId, $"Claude Code has no session '{sessionId}'.");
        }

        var inUse = exit.StderrTail.Contains("already in use", StringComparison.OrdinalIgnoreCase);
        return new ClaudeStartException($"Claude Code exited while starting {exit}", sessionInUse: inUse);
    }
}
