using Orchestrator.Agents.Claude;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Claude;

/// <summary>
/// The engine against a scripted older Claude Code: it echoes none of our uuids and ignores <c>cancel_queued</c>, so a
/// message steered into a turn still runs after an interrupt and the engine has to follow results by count.
/// </summary>
public sealed class ClaudeOlderCliTests(ITestOutputHelper output) : IDisposable
{
    // A message written while another is answered waits for its own turn; an interrupt ends the running answer with an
    // error result and then starts the next queued message, which holds until it is interrupted too.
    private const string Script = """
        #!/usr/bin/env bash
        running=0
        queued=0
        text() {
          echo '{"type":"stream_event","event":{"type":"message_start","message":{"id":"m'"$RANDOM"'"}}}'
          echo '{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"'"$1"'"}}}'
          echo '{"type":"stream_event","event":{"type":"content_block_stop","index":0}}'
        }
        while IFS= read -r line; do
          case "$line" in
            *'"subtype":"initialize"'*|*'"subtype":"interrupt"'*)
              id=$(printf '%s' "$line" | sed -E 's/.*"request_id":"([^"]+)".*/\1/')
              printf '{"type":"control_response","response":{"subtype":"success","request_id":"%s","response":{}}}\n' "$id"
              case "$line" in *'"subtype":"interrupt"'*)
                if [ "$running" = 1 ]; then
                  echo '{"type":"result","subtype":"error_during_execution","is_error":true,"usage":{"input_tokens":1,"output_tokens":1}}'
                  running=0
                  if [ "$queued" -gt 0 ]; then
                    queued=$((queued - 1)); running=1
                    echo '{"type":"system","subtype":"init"}'
                  fi
                fi;;
              esac;;
            *'"type":"user"'*)
              if [ "$running" = 1 ]; then
                queued=$((queued + 1))
              elif [[ "$line" == *'"text":"next"'* ]]; then
                echo '{"type":"system","subtype":"init"}'
                text "Answer to next."
                echo '{"type":"result","subtype":"success","is_error":false,"result":"Answer to next.","usage":{"input_tokens":1,"output_tokens":1}}'
              else
                running=1
                echo '{"type":"system","subtype":"init"}'
                text "slow "
              fi;;
          esac
        done
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("claude-older-").FullName;

    [Fact]
    public async Task Interrupting_a_turn_with_a_steered_message_ends_it_once_the_queued_message_is_interrupted_too()
    {
        await using var engine = CreateEngine();
        var session = await engine.StartSessionAsync(new AgentSessionOptions(_dir)).WaitAsync(ClaudeHarness.Timeout);
        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("first")]));
        await turn.WaitForAsync<TextDelta>(d => d.Delta == "slow ");
        await turn.Turn.SteerAsync([new TextInput("queued")]);

        await turn.Turn.InterruptAsync().WaitAsync(ClaudeHarness.Timeout);
        var ended = await turn.EndAsync();

        Assert.Equal(TurnOutcome.Interrupted, ended.Outcome);
        Assert.Equal("slow ", turn.Text);
        var next = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("next")]));
        var nextEnded = await next.EndAsync();
        Assert.Equal(TurnOutcome.Completed, nextEnded.Outcome);
        Assert.Equal("Answer to next.", next.Text);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ClaudeEngine CreateEngine()
    {
        var path = Path.Combine(_dir, "older-claude.sh");
        File.WriteAllText(path, Script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new ClaudeEngine(new ClaudeEngineOptions { Command = path }, new TestOutputLoggerFactory(output));
    }
}
