using System.Runtime.InteropServices;

namespace Orchestrator.Agents.Processes;

/// <summary>POSIX signals (.NET only offers SIGKILL through Process.Kill).</summary>
internal static class Signals
{
    private const int SigTerm = 15;

    /// <summary>Asks the process to terminate (SIGTERM). No-op on Windows or when the process is gone.</summary>
    public static void Terminate(int pid)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _ = SysKill(pid, SigTerm);
    }

    [DllImport("libc", EntryPoint = "kill")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SysKill(int pid, int signal);
}
