using System.Runtime.InteropServices;

namespace Orchestrator.LoadDriver;

/// <summary>
/// Ctrl-C (SIGINT), SIGTERM and SIGHUP cancel <see cref="Token"/> instead of ending the driver at once, so the
/// scenario's finally blocks stop the processes it started.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignals()
    {
        _registrations =
        [
            .. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(signal => PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                Console.Error.WriteLine($"{context.Signal}: stopping the bot and cleaning up…");
                _cancel.Cancel();
            })),
        ];
    }

    public CancellationToken Token => _cancel.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancel.Dispose();
    }
}
