using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Agents.Processes;
using Orchestrator.Bot.Hosting;

namespace Orchestrator.Bot.Engines;

/// <summary>
/// Once the first <c>getUpdates</c> has been sent, in the background: runs each configured engine command with
/// <c>--version</c>, so that a missing or broken CLI is one clear warning in the log and a line in <c>/status</c>
/// instead of a surprise at the first message. It waits for polling because starting two CLIs (Node.js programs) at
/// the same time as the bot competed with the bot's own start-up on a 2-core machine (docs/performance.md §7.3).
/// </summary>
internal sealed class EnginePreflight(
    IOptions<CodexOptions> codex,
    IOptions<ClaudeOptions> claude,
    IOptions<AcpEnginesOptions> acp,
    AgentEnvironment environment,
    EngineHealth health,
    PollingStarted polling,
    ILogger<EnginePreflight> logger) : IHostedService
{
    /// <summary>How long <c>--version</c> may take.</summary>
    public static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stopping = new();
    private Task _run = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _run = Task.Run(() => CheckAllAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _run.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    private async Task CheckAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            await polling.FirstPollSent.WaitAsync(cancellationToken);
            var codexEnvironment = environment.ForCodex(codex.Value.Environment)
                .ApplyToCurrentProcess(codex.Value.Environment.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)));
            var claudeEnvironment = environment.Policy
                .ApplyToCurrentProcess(claude.Value.Environment.Select(v => new KeyValuePair<string, string?>(v.Key, string.IsNullOrEmpty(v.Value) ? null : v.Value)));
            await Task.WhenAll([
                CheckAsync("Codex:Command", codex.Value.Command, codexEnvironment, cancellationToken),
                CheckAsync("Claude:Command", claude.Value.Command, claudeEnvironment, cancellationToken),
                .. acp.Value.Agents.Select(a => CheckAsync(
                    $"{AcpEnginesOptions.Section}:{a.Key}:Command", a.Value.Command, environment.ForAcpProcess(a.Value), cancellationToken)),
            ]);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The engine commands could not be checked at start");
        }
        finally
        {
            health.MarkChecked();
        }
    }

    private async Task CheckAsync(string setting, string command, IEnumerable<KeyValuePair<string, string>> variables, CancellationToken cancellationToken)
    {
        var problem = await ProblemOfAsync(command, variables, cancellationToken);
        if (problem is null)
        {
            logger.LogDebug("{Setting} '{Command}' answers --version", setting, command);
            return;
        }

        var found = new EngineProblem(setting, command, problem);
        health.Report(found);
        logger.LogWarning("{Setting} '{Command}' cannot be used: {Problem}. Agents of that engine will fail until it is fixed", setting, command, problem);
    }

    /// <summary>Null when <c>command --version</c> exits 0 within <see cref="VersionTimeout"/>; otherwise what went wrong.</summary>
    internal static async Task<string?> ProblemOfAsync(string command, IEnumerable<KeyValuePair<string, string>> variables, CancellationToken cancellationToken)
    {
        RunningProcess process;
        try
        {
            process = new ProcessCommand(command).WithArguments("--version").WithOnlyEnvironment(variables).Start();
        }
        catch (ProcessStartException ex)
        {
            return ex.InnerException?.Message is { Length: > 0 } reason ? $"it cannot be started ({reason})" : "it cannot be started";
        }

        await using (process)
        {
            await process.CloseStandardInputAsync();
            try
            {
                var exitCode = await process.Exited.WaitAsync(VersionTimeout, cancellationToken);
                return exitCode == 0 ? null : $"'--version' exited with code {exitCode}{Tail(process)}";
            }
            catch (TimeoutException)
            {
                return $"'--version' did not finish within {VersionTimeout.TotalSeconds:0} s";
            }
        }
    }

    private static string Tail(RunningProcess process)
    {
        var last = process.StderrTail.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return last is null ? "" : $" ({last})";
    }
}
