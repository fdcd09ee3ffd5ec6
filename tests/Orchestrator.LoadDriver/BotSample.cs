namespace Orchestrator.LoadDriver;

/// <summary>One reading of the bot process: CPU so far and memory (kB) from /proc/{pid}/status.</summary>
internal sealed record BotSample(TimeSpan SinceLaunch, TimeSpan Cpu, long RssKb, long HwmKb, long AnonKb, long FileKb, long ShmemKb, long PssKb)
{
    public static BotSample Take(int pid, TimeSpan sinceLaunch) => new(
        sinceLaunch,
        ProcCpu.Read(pid) ?? TimeSpan.Zero,
        ProcStatus.Read("VmRSS", pid),
        ProcStatus.Read("VmHWM", pid),
        ProcStatus.Read("RssAnon", pid),
        ProcStatus.Read("RssFile", pid),
        ProcStatus.Read("RssShmem", pid),
        ProcessTree.Memory([pid]).PssKb);

    /// <summary>
    /// Every 250 ms until cancelled: the bot's VmRSS (returns the highest, kB) and the pids of this run's fake
    /// app-server (added to <paramref name="fakePids"/>, which is locked while written).
    /// </summary>
    public static async Task<long> TrackAsync(BotChild bot, HashSet<int> fakePids, string marker, CancellationToken cancellationToken)
    {
        long highest = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            do
            {
                highest = Math.Max(highest, ProcStatus.Read("VmRSS", bot.Id));
                lock (fakePids)
                {
                    if (fakePids.Count == 0)
                    {
                        fakePids.UnionWith(bot.Descendants(marker));
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }

        return highest;
    }
}
