using Orchestrator.Cli.Commands;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await OrchCommandLine.RunAsync(args, cancellationToken: cancel.Token);
