using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Tests.Processes;

/// <summary>
/// The test assembly's entry point, for <c>dotnet exec Orchestrator.Agents.Tests.dll spawn CMD ARGS...</c>: a stand-in
/// for the bot that starts one agent process through <see cref="ProcessCommand"/>, prints <c>agent PID</c>, forwards the
/// agent's stdout lines and then waits to be killed (<see cref="ProcessGroupTests"/>). The test runner does not use it.
/// </summary>
public static class AgentHostProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["spawn", var target, .. var arguments])
        {
            await Console.Error.WriteLineAsync("usage: spawn CMD ARGS...");
            return 2;
        }

        var agent = new ProcessCommand(target).WithArguments(arguments).Start();
        Console.WriteLine($"agent {agent.Id}");
        await foreach (var line in agent.StandardOutput.ReadAllAsync())
        {
            Console.WriteLine(line);
        }

        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
