using System.Runtime.InteropServices;

namespace Orchestrator.Agents.Processes;

/// <summary>POSIX signals (.NET only offers SIGKILL to one process or its tree, through Process.Kill).</summary>
internal static class Signals
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    /// <summary>Asks the process to terminate (SIGTERM). No-op on Windows or when the process is gone.</summary>
    public static void Terminate(int pid) => Send(pid, SigTerm);

    /// <summary>Asks every process of the group <paramref name="pgid"/> to terminate (SIGTERM to -pgid).</summary>
    public static void TerminateGroup(int pgid) => Send(-pgid, SigTerm);

    /// <summary>Kills every process of the group <paramref name="pgid"/> (SIGKILL to -pgid). No-op when the group is empty.</summary>
    public static void KillGroup(int pgid) => Send(-pgid, SigKill);

    private static void Send(int target, int signal)
    {
        // Never 0 or -1: those would signal the bot's own group or every process it may signal.
        if (OperatingSystem.IsWindows() || target is 0 or -1)
        {
            return;
        }

        _ = SysKill(target, signal);
    }

    [DllImport("libc", EntryPoint = "kill")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SysKill(int pid, int signal);
}
