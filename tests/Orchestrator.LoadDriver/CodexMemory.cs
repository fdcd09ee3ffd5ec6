using Orchestrator.Agents;
using Orchestrator.Agents.Codex;
using Orchestrator.Testing.Clis;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.LoadDriver;

/// <summary>
/// Memory of the REAL codex app-server (tests/.tools) for N sessions: one shared app-server with N threads (what the
/// bot does) against N app-servers with one thread each. Every session runs one turn against the fake Responses
/// server first, so the thread is loaded. Memory is summed over every process below this one (node wrapper + codex).
/// </summary>
internal static class CodexMemory
{
    public static async Task<int> RunAsync(int[] sessionCounts, TextWriter output)
    {
        await using var model = await FakeResponsesServer.StartAsync();
        using var home = CodexHome.Create(model.BaseUrl);
        var workspace = Directory.CreateTempSubdirectory("orchestrator-codex-memory-").FullName;
        var self = Environment.ProcessId;
        await output.WriteLineAsync("| Sessions | Layout | Processes | RSS sum | PSS sum | per session (PSS) |");
        await output.WriteLineAsync("|---:|---|---:|---:|---:|---:|");
        foreach (var n in sessionCounts)
        {
            foreach (var shared in new[] { true, false })
            {
                var engines = Enumerable.Range(0, shared ? 1 : n).Select(_ => NewEngine(home)).ToArray();
                var sessions = new List<IAgentSession>();
                try
                {
                    for (var i = 0; i < n; i++)
                    {
                        var session = await engines[shared ? 0 : i].StartSessionAsync(new AgentSessionOptions(workspace, ApprovalPolicy: "never", Sandbox: "read-only"));
                        sessions.Add(session);
                        var turn = await session.StartTurnAsync([new TextInput($"hello {i}")]);
                        var end = await turn.Completion.WaitAsync(TimeSpan.FromSeconds(60));
                        if (end.Outcome != TurnOutcome.Completed)
                        {
                            throw new InvalidOperationException($"turn {i} ended {end.Outcome}: {end.Error}");
                        }
                    }

                    var pids = ProcessTree.Descendants(self);
                    var (rss, pss) = ProcessTree.Memory(pids);
                    var names = string.Join("+", pids.Select(ProcessTree.Name).GroupBy(x => x).Select(g => $"{g.Count()}×{g.Key}"));
                    await output.WriteLineAsync(FormattableString.Invariant(
                        $"| {n} | {(shared ? "1 app-server, N threads" : "N app-servers")} | {pids.Count} ({names}) | {rss / 1024.0:0} MB | {pss / 1024.0:0} MB | {pss / 1024.0 / n:0.0} MB |"));
                }
                finally
                {
                    foreach (var session in sessions)
                    {
                        await session.DisposeAsync();
                    }

                    foreach (var engine in engines)
                    {
                        await engine.DisposeAsync();
                    }
                }
            }
        }

        await output.WriteLineAsync($"load average after: {Machine.LoadAverage()}");
        try
        {
            Directory.Delete(workspace, recursive: true);
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private static CodexEngine NewEngine(CodexHome home)
    {
        var options = new CodexEngineOptions { Command = AgentClis.Codex };
        foreach (var (key, value) in home.EnvironmentVariables)
        {
            options.EnvironmentVariables[key] = value;
        }

        return new CodexEngine(options);
    }
}
