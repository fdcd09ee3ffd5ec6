using Microsoft.Extensions.Logging;

namespace Orchestrator.Agents.Processes;

/// <summary>
/// Starts agent processes in a process group (and session) of their own, watched for the bot's death, so that nothing an
/// agent started outlives it: <see cref="RunningProcess"/> signals the whole group on stop, and if the bot itself is
/// killed (kill -9, OOM) the group is killed within about a second.
/// </summary>
/// <remarks>
/// .NET's Process cannot run code in the child between fork and exec (no setsid/prctl), so the child is launched as
/// <c>setsid /bin/sh -c WATCH target args...</c>: util-linux <c>setsid</c> makes the shell leader of a new session and
/// process group (its pid, which <see cref="RunningProcess.Id"/> reports, is the group id), the shell starts a small
/// watcher in the background, then <c>exec</c>s the target in its own place (same pid, same group, stdio untouched).
/// The watcher, with its stdio on /dev/null so it never holds the agent's pipes open, checks every second that the bot
/// (the shell's parent) and the agent are still alive; when either is gone it sends SIGKILL to the group, itself
/// included. That is why the parent-death signal (<c>setpriv --pdeathsig</c>, PR_SET_PDEATHSIG) is not used: it fires
/// when the <em>thread</em> that forked the child exits, and .NET forks on whichever thread-pool thread called Start,
/// which may retire while the agent runs; it would also reach only the agent, not the grandchildren its tools started.
/// A pid reused within the second after the bot died would keep the watcher waiting until that process ends: accepted.
/// Where <c>setsid</c> or <c>/bin/sh</c> is missing (macOS, Windows, minimal images) processes start as before, in the
/// bot's group, and stop kills the process tree; one log line says so.
/// </remarks>
internal static class ProcessGroupLauncher
{
    /// <summary>The watcher described above; $0 is a label, "$@" the target and its arguments.</summary>
    internal const string WatchScript = """
        bot=$PPID
        (
          while kill -0 "$bot" 2>/dev/null && kill -0 "$$" 2>/dev/null; do sleep 1; done
          kill -s KILL 0
        ) </dev/null >/dev/null 2>&1 &
        exec "$@"
        """;

    private const string Shell = "/bin/sh";
    private static readonly string? SetsidPath = FindSetsid();
    private static int _fallbackLogged;

    /// <summary>Whether agents get a process group of their own here (Linux with util-linux and /bin/sh).</summary>
    public static bool IsAvailable => SetsidPath is not null;

    /// <summary>
    /// The file and arguments that start <paramref name="target"/> in a process group of its own; or, when that is not
    /// available, the target itself (logged once).
    /// </summary>
    public static (string FileName, IReadOnlyList<string> Arguments, bool OwnGroup) Wrap(string target, IReadOnlyList<string> arguments, ILogger logger)
    {
        if (SetsidPath is not { } setsid)
        {
            if (Interlocked.Exchange(ref _fallbackLogged, 1) == 0)
            {
                logger.LogWarning("Agent processes run in the bot's process group: 'setsid' (util-linux) or {Shell} is missing, so processes they start may outlive a kill -9 of the bot", Shell);
            }

            return (target, arguments, false);
        }

        return (setsid, [Shell, "-c", WatchScript.ReplaceLineEndings("\n"), "orchestrator-agent", target, .. arguments], true);
    }

    private static string? FindSetsid()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(Shell))
        {
            return null;
        }

        return new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
    }
}
