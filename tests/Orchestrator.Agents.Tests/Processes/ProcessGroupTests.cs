using System.Diagnostics;
using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Tests.Processes;

/// <summary>
/// Nothing an agent starts outlives it: stop and kill end the agent's whole process group (also what left its process
/// tree), and a kill -9 of the bot ends the agent and its children (Linux, where <c>setsid</c> exists).
/// </summary>
public sealed class ProcessGroupTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Stop_ends_a_grandchild_the_process_started()
    {
        await using var process = new ProcessCommand("sh").WithArguments("-c", "sleep 1000 & echo $!; wait").Start();
        var grandchild = int.Parse(await process.StandardOutput.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.True(ProcessProbe.IsAlive(grandchild));

        await process.StopAsync(TimeSpan.FromSeconds(5)).WaitAsync(Timeout);

        await ProcessProbe.WaitUntilGoneAsync(grandchild, Timeout);
    }

    [Fact]
    public async Task Stop_and_kill_end_a_grandchild_that_left_the_process_tree()
    {
        // A double fork: the subshell exits at once, so the sleep is reparented away from the agent's tree (which
        // Process.Kill(entireProcessTree) walks) but stays in its process group.
        const string Script = "(sleep 1000 </dev/null >/dev/null 2>&1 & echo $!); trap '' TERM; echo ready; exec cat";
        foreach (var stop in new Func<RunningProcess, Task>[]
                 {
                     p => p.StopAsync(TimeSpan.FromMilliseconds(300)),
                     p => { p.Kill(); return p.Exited; },
                 })
        {
            await using var process = new ProcessCommand("sh").WithArguments("-c", Script).Start();
            var grandchild = int.Parse(await process.StandardOutput.ReadAsync().AsTask().WaitAsync(Timeout));
            Assert.Equal("ready", await process.StandardOutput.ReadAsync().AsTask().WaitAsync(Timeout));
            Assert.True(ProcessProbe.IsAlive(grandchild));

            await stop(process).WaitAsync(Timeout);

            await ProcessProbe.WaitUntilGoneAsync(grandchild, Timeout);
        }
    }

    [Fact]
    public async Task A_kill_9_of_the_parent_ends_the_agent_and_its_grandchild()
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", typeof(AgentHostProgram).Assembly.Location, "spawn", "sh", "-c", "sleep 1000 & echo $!; wait" })
        {
            info.ArgumentList.Add(argument);
        }

        using var host = Process.Start(info)!;
        int agent = 0, grandchild = 0;
        try
        {
            var first = await host.StandardOutput.ReadLineAsync().WaitAsync(Timeout);
            Assert.StartsWith("agent ", first, StringComparison.Ordinal);
            agent = int.Parse(first!["agent ".Length..]);
            grandchild = int.Parse((await host.StandardOutput.ReadLineAsync().WaitAsync(Timeout))!);
            Assert.True(ProcessProbe.IsAlive(agent) && ProcessProbe.IsAlive(grandchild));

            host.Kill(); // SIGKILL to the host alone, as kill -9 would
            await host.WaitForExitAsync().WaitAsync(Timeout);

            await ProcessProbe.WaitUntilGoneAsync(agent, Timeout);
            await ProcessProbe.WaitUntilGoneAsync(grandchild, Timeout);
        }
        finally
        {
            foreach (var pid in new[] { agent, grandchild }.Where(p => p > 0 && ProcessProbe.IsAlive(p)))
            {
                using var leftover = Process.GetProcessById(pid);
                leftover.Kill();
            }
        }
    }
}
