using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Agents.Processes;

namespace Orchestrator.Core.Git;

/// <summary>
/// Runs one real git command through <see cref="IGitLauncher"/> and the agents' process runner: stdin closed at once,
/// stdout collected (bounded), a timeout per command (<see cref="WorktreeOptions.CommandTimeout"/>: the process group is
/// killed), lock failures retried with backoff, and any other failure turned into a <see cref="GitException"/> that
/// starts with git's own first lines of stderr.
/// </summary>
public sealed class GitRunner(IGitLauncher launcher, IOptions<WorktreeOptions> options, ILogger<GitRunner>? logger = null)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Runs git in <paramref name="workingDirectory"/>.</summary>
    /// <exception cref="GitException">Git failed (unless <see cref="GitRun.Check"/> is off), timed out, or could not be started.</exception>
    public async Task<GitResult> RunAsync(
        string workingDirectory, IReadOnlyList<string> arguments, GitRun? run = null, CancellationToken cancellationToken = default)
    {
        run ??= GitRun.Default;
        var settings = options.Value;
        var retryUntil = DateTime.UtcNow + settings.LockRetryTimeout;
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            var result = await RunOnceAsync(workingDirectory, arguments, run, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded || run.AllowedExitCodes?.Contains(result.ExitCode) == true)
            {
                return result;
            }

            if (run.RetryOnLock && IsLockError(result.Error) && DateTime.UtcNow + delay < retryUntil)
            {
                _logger.LogInformation("git {Command} in {Folder} found a lock held by another process; retrying in {Delay} ms",
                    Subcommand(arguments), workingDirectory, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
                continue;
            }

            if (!run.Check)
            {
                return result;
            }

            throw Failure(arguments, result);
        }
    }

    /// <summary>True when git failed because another process holds one of its lock files.</summary>
    public static bool IsLockError(string error) =>
        error.Contains(".lock': File exists", StringComparison.Ordinal)
        || error.Contains("Another git process seems to be running", StringComparison.Ordinal)
        || error.Contains("could not lock config file", StringComparison.Ordinal)
        // A worktree that another "git worktree add" is still setting up carries the lock reason "initializing"
        // (.git/worktrees/NAME/locked) until that add finishes; a lock a user set has another reason and is respected.
        || error.Contains("locked working tree", StringComparison.Ordinal) && error.Contains("initializing", StringComparison.Ordinal);

    /// <summary>The exception for a failed command: git's first lines of stderr, else the exit code.</summary>
    public static GitException Failure(IReadOnlyList<string> arguments, GitResult result)
    {
        // git's verdict ("fatal:", "error:") first, before progress lines such as "Preparing worktree".
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .OrderBy(line => line.StartsWith("fatal:", StringComparison.Ordinal) || line.StartsWith("error:", StringComparison.Ordinal) ? 0 : 1)
            .Take(4)
            .ToList();
        return new GitException(lines.Count > 0
            ? string.Join('\n', lines)
            : $"git {Subcommand(arguments)} failed with exit code {result.ExitCode}.");
    }

    private async Task<GitResult> RunOnceAsync(
        string workingDirectory, IReadOnlyList<string> arguments, GitRun run, CancellationToken cancellationToken)
    {
        var timeout = options.Value.CommandTimeout;
        var command = launcher.Build(workingDirectory, arguments, run.Environment);
        RunningProcess process;
        try
        {
            process = command.Start(_logger, ProcessOutputMode.Bytes);
        }
        catch (ProcessStartException ex)
        {
            throw new GitException($"git could not be started: {ex.Message}");
        }

        await using (process.ConfigureAwait(false))
        {
            await process.CloseStandardInputAsync().ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                var (output, truncated) = await ReadAllAsync(process.StandardOutputBytes, run.MaxOutputBytes, deadline.Token).ConfigureAwait(false);
                var code = await process.Exited.WaitAsync(deadline.Token).ConfigureAwait(false);
                return new GitResult(code, output, process.StderrTail.ToString(), truncated);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill();
                _logger.LogWarning("git {Command} in {Folder} did not finish within {Timeout}; killed", Subcommand(arguments), workingDirectory, timeout);
                throw new GitException($"git {Subcommand(arguments)} did not finish within {timeout} and was stopped.");
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                throw;
            }
        }
    }

    /// <summary>Reads stdout to the end, keeping at most <paramref name="maxBytes"/> (the rest is drained by the process's pump).</summary>
    private static async Task<(string Output, bool Truncated)> ReadAllAsync(PipeReader reader, int maxBytes, CancellationToken cancellationToken)
    {
        var kept = new ArrayBufferWriter<byte>();
        var truncated = false;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                foreach (var segment in read.Buffer)
                {
                    var room = maxBytes - kept.WrittenCount;
                    if (segment.Length > room)
                    {
                        kept.Write(segment.Span[..room]);
                        truncated = true;
                        break;
                    }

                    kept.Write(segment.Span);
                }

                reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || truncated)
                {
                    break;
                }
            }
        }
        finally
        {
            // Completing early tells the pump to discard the rest, so git never blocks on a full pipe.
            await reader.CompleteAsync().ConfigureAwait(false);
        }

        return (Utf8.GetString(kept.WrittenSpan), truncated);
    }

    private static string Subcommand(IReadOnlyList<string> arguments)
    {
        // Skip "-c name=value" pairs: the subcommand is what a reader of the log wants.
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == "-c" || arguments[i] == "-C")
            {
                i++;
                continue;
            }

            return arguments[i];
        }

        return "git";
    }
}
