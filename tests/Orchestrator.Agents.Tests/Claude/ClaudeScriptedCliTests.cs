using Orchestrator.Agents.Claude;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Claude;

/// <summary>The engine against a scripted stand-in CLI, for output the real CLI cannot be made to produce on demand.</summary>
public sealed class ClaudeScriptedCliTests(ITestOutputHelper output) : IDisposable
{
    private const string Script = """
        #!/usr/bin/env bash
        while IFS= read -r line; do
          case "$line" in
            *'"subtype":"initialize"'*)
              id=$(printf '%s' "$line" | sed -E 's/.*"request_id":"([^"]+)".*/\1/')
              printf '{"type":"control_response","response":{"subtype":"success","request_id":"%s","response":{}}}\n' "$id";;
            *CRASH*)
              echo "boom: something broke" >&2
              exit 3;;
            *'"type":"user"'*)
              echo 'this is not json'
              echo '{"type":"brand_new_thing","data":{"x":1}}'
              echo '{"type":"control_request","request_id":"hook1","request":{"subtype":"hook_callback"}}'
              echo '{"type":"stream_event","event":{"type":"message_start","message":{"id":"m1"}}}'
              echo '{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}}'
              echo '{"type":"stream_event","event":{"type":"content_block_stop","index":0}}'
              echo '{"type":"result","subtype":"success","is_error":false,"result":"Hi","usage":{"input_tokens":3,"output_tokens":2},"total_cost_usd":0.25}';;
          esac
        done
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("claude-script-").FullName;

    [Fact]
    public async Task Malformed_and_unknown_lines_are_skipped_and_the_turn_completes()
    {
        await using var engine = CreateEngine();
        var session = await engine.StartSessionAsync(new AgentSessionOptions(_dir)).WaitAsync(ClaudeHarness.Timeout);

        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("hello")]));
        var ended = await turn.EndAsync();

        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("Hi", turn.Text);
        Assert.Equal("Hi", ended.FinalText);
        Assert.Equal(new TokenUsage(3, 2, 5, 0.25m), ended.Usage);
        Assert.Single(turn.All.OfType<TurnEnded>());
    }

    [Fact]
    public async Task A_crash_mid_turn_fails_the_turn_with_the_stderr_tail_and_the_next_turn_restarts_the_process()
    {
        await using var engine = CreateEngine();
        var session = (ClaudeSession)await engine.StartSessionAsync(new AgentSessionOptions(_dir)).WaitAsync(ClaudeHarness.Timeout);
        var first = session.ProcessId;

        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("CRASH now")]));
        var ended = await turn.Finished.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TurnOutcome.Failed, ended.Outcome);
        Assert.Equal("Claude Code exited unexpectedly: boom: something broke (exit code 3)", ended.Error);
        var next = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("hello")]));
        Assert.Equal(TurnOutcome.Completed, (await next.EndAsync()).Outcome);
        Assert.NotEqual(first, session.ProcessId);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ClaudeEngine CreateEngine()
    {
        var path = Path.Combine(_dir, "fake-claude.sh");
        File.WriteAllText(path, Script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new ClaudeEngine(new ClaudeEngineOptions { Command = path }, new TestOutputLoggerFactory(output));
    }
}
