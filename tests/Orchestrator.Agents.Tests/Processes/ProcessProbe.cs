namespace Orchestrator.Agents.Tests.Processes;

/// <summary>Whether a process id still names a live process (Linux: /proc; a zombie nobody reaps counts as gone).</summary>
internal static class ProcessProbe
{
    public static bool IsAlive(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // "pid (comm) S ...": the state follows the last ')' (comm may contain spaces and parentheses).
        var state = stat[(stat.LastIndexOf(')') + 2)..];
        return !state.StartsWith('Z') && !state.StartsWith('X');
    }

    /// <summary>Waits (polling /proc, there is no event for another process's death) until <paramref name="pid"/> is gone.</summary>
    public static async Task WaitUntilGoneAsync(int pid, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (IsAlive(pid))
        {
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"Process {pid} is still alive after {timeout}.");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }
}
