using Orchestrator.Agents.Acp;
using Orchestrator.Agents.Tests.Claude;
using Orchestrator.Agents.Tests.Processes;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Acp;

/// <summary>
/// <see cref="AcpEngine"/> over a scripted ACP agent process (a bash script): how a session's processes follow one
/// another when one goes away without exiting.
/// </summary>
public sealed class AcpProcessLifetimeTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private const string Script = """
        #!/usr/bin/env bash
        # A scripted ACP agent (its processes checked by ProcessOverlaps). Its first session/prompt (while $CRASH_MARKER
        # does not exist) closes stdout and lingers, ignoring SIGTERM: a process whose connection has gone but which has
        # not exited.
        trap '' TERM
        """ + "\n" + ProcessOverlaps.BashCheck + "\n" + """
        while IFS= read -r line; do
          id=$(printf '%s' "$line" | sed -n 's/^{"jsonrpc":"2.0","id":\([0-9]*\),.*/\1/p')
          case "$line" in
            *'"method":"initialize"'*)
              printf '{"jsonrpc":"2.0","id":%s,"result":{"protocolVersion":1,"agentCapabilities":{"loadSession":true},"agentInfo":{"name":"scripted","version":"1"}}}\n' "$id" ;;
            *'"method":"session/new"'*) printf '{"jsonrpc":"2.0","id":%s,"result":{"sessionId":"s-1"}}\n' "$id" ;;
            *'"method":"session/load"'*) printf '{"jsonrpc":"2.0","id":%s,"result":null}\n' "$id" ;;
            *'"method":"session/prompt"'*)
              if [ ! -e "$CRASH_MARKER" ]; then
                touch "$CRASH_MARKER"
                exec 1>&-
                while :; do sleep 1; done
              fi
              printf '{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s-1","update":{"sessionUpdate":"agent_message_chunk","content":{"type":"text","text":"Back."}}}}\n'
              printf '{"jsonrpc":"2.0","id":%s,"result":{"stopReason":"end_turn"}}\n' "$id" ;;
          esac
        done
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _directory;
    private readonly ProcessOverlaps _processes;

    public AcpProcessLifetimeTests(ITestOutputHelper output)
    {
        _output = output;
        _directory = Directory.CreateTempSubdirectory("acp-scripted-").FullName;
        _processes = new ProcessOverlaps(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_process_whose_output_ended_is_stopped_before_the_session_is_loaded_in_a_new_one()
    {
        await using var engine = CreateEngine();
        var session = (AcpSession)await engine.StartSessionAsync(new AgentSessionOptions(_directory)).WaitAsync(Timeout);
        var firstPid = Assert.Single(_processes.Pids);

        var first = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("work")]).WaitAsync(Timeout));
        var ended = await first.EndAsync();
        Assert.Equal(TurnOutcome.Failed, ended.Outcome);

        var next = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("again")]).WaitAsync(Timeout));
        Assert.Equal(TurnOutcome.Completed, (await next.EndAsync()).Outcome);
        Assert.Equal("Back.", next.Text);

        var pids = _processes.Pids;
        Assert.Equal(2, pids.Count);
        Assert.Equal(firstPid, pids[0]);
        Assert.False(ProcessProbe.IsAlive(firstPid), $"process {firstPid} still runs");
        _processes.AssertNone();
    }

    [Fact]
    public async Task Closing_the_session_stops_a_process_whose_output_had_already_ended()
    {
        await using var engine = CreateEngine();
        var session = await engine.StartSessionAsync(new AgentSessionOptions(_directory)).WaitAsync(Timeout);
        var pid = Assert.Single(_processes.Pids);
        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("work")]).WaitAsync(Timeout));
        Assert.Equal(TurnOutcome.Failed, (await turn.EndAsync()).Outcome);

        await session.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.False(ProcessProbe.IsAlive(pid), $"process {pid} still runs after the session was closed");
    }

    private AcpEngine CreateEngine()
    {
        var script = Path.Combine(_directory, "fake-acp");
        File.WriteAllText(script, Script.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var options = new AcpEngineOptions
        {
            Name = "scripted",
            Command = script,
            ModelArgument = null,
            ShutdownGracePeriod = TimeSpan.FromSeconds(1),
            StartTimeout = Timeout,
        };
        _processes.Configure(options.EnvironmentVariables);
        options.EnvironmentVariables["CRASH_MARKER"] = Path.Combine(_directory, "crashed");
        return new AcpEngine(options, new TestOutputLoggerFactory(_output));
    }
}
