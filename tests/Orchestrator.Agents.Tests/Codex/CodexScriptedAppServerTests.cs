using Orchestrator.Agents.Codex;
using Orchestrator.Agents.Tests.Processes;

namespace Orchestrator.Agents.Tests.Codex;

/// <summary>
/// <see cref="CodexEngine"/> over a scripted stand-in for <c>codex app-server</c> (a bash script): the real process
/// path (stdout read as bytes) with notification lines chosen by the test, e.g. for a thread nobody knows.
/// </summary>
public sealed class CodexScriptedAppServerTests : IDisposable
{
    private const string Script = """
        #!/usr/bin/env bash
        # Answers the handshake, thread/start, thread/resume, turn/start and turn/interrupt; after turn/start, writes the
        # lines of $TURN_LINES. While the file $HANG_MARKER exists, a $HANG_METHOD request is left unanswered (a hung
        # app-server) and the file removed, so the next process answers. While $CRASH_MARKER exists, turn/start (once
        # answered) removes it, closes stdout and lingers ignoring SIGTERM (a process whose connection has gone but which
        # has not exited). With a crash, its processes are checked by ProcessOverlaps.
        """ + "\n" + ProcessOverlaps.BashCheck + "\n" + """
        while IFS= read -r line; do
          id=$(printf '%s' "$line" | sed -n 's/^{"id":\([0-9]*\),.*/\1/p')
          if [ -n "$HANG_METHOD" ] && [ -e "$HANG_MARKER" ]; then
            case "$line" in *"\"method\":\"$HANG_METHOD\""*) rm -f "$HANG_MARKER"; continue ;; esac
          fi
          case "$line" in
            *'"method":"initialize"'*) printf '{"id":%s,"result":{"userAgent":"scripted"}}\n' "$id" ;;
            *'"method":"thread/start"'*) printf '{"id":%s,"result":{"thread":{"id":"thread-1"},"model":"m"}}\n' "$id" ;;
            *'"method":"thread/resume"'*) printf '{"id":%s,"result":{"thread":{"id":"thread-1"},"model":"m"}}\n' "$id" ;;
            *'"method":"turn/interrupt"'*) printf '{"id":%s,"result":{}}\n' "$id" ;;
            *'"method":"turn/start"'*)
              printf '{"id":%s,"result":{"turn":{"id":"turn-1","status":"inProgress"}}}\n' "$id"
              if [ -n "$CRASH_MARKER" ] && [ -e "$CRASH_MARKER" ]; then
                rm -f "$CRASH_MARKER"
                trap '' TERM
                exec 1>&-
                while :; do sleep 1; done
              fi
              cat "$TURN_LINES" ;;
          esac
        done
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("codex-scripted-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Streamed_deltas_reach_their_session_decoded_and_deltas_of_an_unknown_thread_are_ignored()
    {
        var lines = new[]
        {
            """{"method":"item/agentMessage/delta","params":{"threadId":"thread-1","turnId":"turn-1","itemId":"msg_1","delta":"Bonjour, \u00e7a va ?\n"}}""",
            """{"method":"item/agentMessage/delta","params":{"threadId":"thread-unknown","turnId":"turn-9","itemId":"msg_9","delta":"lost"}}""",
            """{"method":"item/agentMessage/delta","params":{"threadId":"thread-1","turnId":"turn-1","itemId":"msg_1","delta":"Tr\u00e8s bien \ud83d\udc4d"}}""",
            """{"method":"turn/completed","params":{"threadId":"thread-1","turn":{"id":"turn-1","items":[],"status":"completed","error":null}}}""",
        };
        await using var engine = CreateEngine(lines);
        var session = await engine.StartSessionAsync(new AgentSessionOptions(_directory)).WaitAsync(Timeout);

        var turn = await session.StartTurnAsync([new TextInput("hi")]).WaitAsync(Timeout);
        var events = await turn.ReadAllAsync(Timeout);

        Assert.Equal(["Bonjour, ça va ?\n", "Très bien 👍"], events.OfType<TextDelta>().Select(d => d.Delta));
        var ended = Assert.IsType<TurnEnded>(events[^1]);
        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("Bonjour, ça va ?\nTrès bien 👍", ended.FinalText);
    }

    [Fact]
    public async Task A_turn_start_left_unanswered_fails_with_a_clear_message_and_the_next_turn_runs_on_a_new_app_server()
    {
        await using var engine = CreateEngine(CompletedTurn("done"), hangMethod: "turn/start");
        var session = await engine.StartSessionAsync(new AgentSessionOptions(_directory)).WaitAsync(Timeout);
        var hungPid = engine.AppServerProcessId!.Value;

        var failure = await Assert.ThrowsAsync<CodexRequestTimeoutException>(
            () => session.StartTurnAsync([new TextInput("hi")]).WaitAsync(Timeout));
        Assert.Equal("Codex did not answer turn/start within 3 s; restarting it", failure.Message);

        var turn = await session.StartTurnAsync([new TextInput("again")]).WaitAsync(Timeout);
        var ended = Assert.IsType<TurnEnded>((await turn.ReadAllAsync(Timeout))[^1]);
        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("done", ended.FinalText);
        Assert.Equal(2, engine.Generation);
        Assert.NotEqual(hungPid, engine.AppServerProcessId);
        await ProcessProbe.WaitUntilGoneAsync(hungPid, Timeout);
    }

    [Fact]
    public async Task A_running_turn_fails_with_the_reason_when_an_interrupt_is_left_unanswered()
    {
        await using var engine = CreateEngine([], hangMethod: "turn/interrupt");
        var session = await engine.StartSessionAsync(new AgentSessionOptions(_directory)).WaitAsync(Timeout);
        var turn = await session.StartTurnAsync([new TextInput("hi")]).WaitAsync(Timeout);

        await Assert.ThrowsAsync<CodexRequestTimeoutException>(() => turn.InterruptAsync().WaitAsync(Timeout));
        var ended = await turn.Completion.WaitAsync(Timeout);

        Assert.Equal(TurnOutcome.Failed, ended.Outcome);
        Assert.Equal("Codex did not answer turn/interrupt within 3 s; restarting it", ended.Error);
        var next = await session.StartTurnAsync([new TextInput("again")]).WaitAsync(Timeout);
        Assert.False(next.Completion.IsCompleted);
        Assert.Equal(2, engine.Generation);
    }

    [Fact]
    public async Task An_app_server_whose_output_ended_is_stopped_before_the_next_one_starts()
    {
        await using var engine = CreateEngine(CompletedTurn("done"), crashOnce: true);
        var session = await engine.StartSessionAsync(new AgentSessionOptions(_directory)).WaitAsync(Timeout);
        var firstPid = engine.AppServerProcessId!.Value;

        var crashed = await session.StartTurnAsync([new TextInput("hi")]).WaitAsync(Timeout);
        Assert.Equal(TurnOutcome.Failed, Assert.IsType<TurnEnded>((await crashed.ReadAllAsync(Timeout))[^1]).Outcome);
        var turn = await session.StartTurnAsync([new TextInput("again")]).WaitAsync(Timeout);
        Assert.Equal("done", Assert.IsType<TurnEnded>((await turn.ReadAllAsync(Timeout))[^1]).FinalText);

        Assert.Equal(2, engine.Generation);
        Assert.False(ProcessProbe.IsAlive(firstPid), $"app-server {firstPid} still runs");
        new ProcessOverlaps(_directory).AssertNone();
    }

    [Fact]
    public async Task Disposing_the_engine_stops_an_app_server_whose_output_had_already_ended()
    {
        var engine = CreateEngine(CompletedTurn("done"), crashOnce: true);
        var session = await engine.StartSessionAsync(new AgentSessionOptions(_directory)).WaitAsync(Timeout);
        var pid = engine.AppServerProcessId!.Value;
        var crashed = await session.StartTurnAsync([new TextInput("hi")]).WaitAsync(Timeout);
        Assert.Equal(TurnOutcome.Failed, Assert.IsType<TurnEnded>((await crashed.ReadAllAsync(Timeout))[^1]).Outcome);

        await engine.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.False(ProcessProbe.IsAlive(pid), $"app-server {pid} still runs after the engine was disposed");
    }

    private static string[] CompletedTurn(string text) =>
    [
        $$$"""{"method":"item/agentMessage/delta","params":{"threadId":"thread-1","turnId":"turn-1","itemId":"msg_1","delta":"{{{text}}}"}}""",
        """{"method":"turn/completed","params":{"threadId":"thread-1","turn":{"id":"turn-1","items":[],"status":"completed","error":null}}}""",
    ];

    private CodexEngine CreateEngine(IEnumerable<string> turnLines, string? hangMethod = null, bool crashOnce = false)
    {
        var script = Path.Combine(_directory, "fake-codex");
        File.WriteAllText(script, Script.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var turn = Path.Combine(_directory, "turn.jsonl");
        File.WriteAllText(turn, string.Concat(turnLines.Select(l => l + "\n")));
        var options = new CodexEngineOptions { Command = script, ShutdownGracePeriod = TimeSpan.FromSeconds(2), RequestTimeout = TimeSpan.FromSeconds(3) }; // short for the hang tests, long enough for a loaded machine's answers
        options.EnvironmentVariables["TURN_LINES"] = turn;
        if (hangMethod is not null)
        {
            var marker = Path.Combine(_directory, "hang-once");
            File.WriteAllText(marker, hangMethod);
            options.EnvironmentVariables["HANG_METHOD"] = hangMethod;
            options.EnvironmentVariables["HANG_MARKER"] = marker;
        }

        if (crashOnce)
        {
            var marker = Path.Combine(_directory, "crash-once");
            File.WriteAllText(marker, string.Empty);
            options.EnvironmentVariables["CRASH_MARKER"] = marker;
            new ProcessOverlaps(_directory).Configure(options.EnvironmentVariables);
        }

        return new CodexEngine(options);
    }
}
