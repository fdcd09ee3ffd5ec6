using Orchestrator.Agents.Codex;

namespace Orchestrator.Agents.Tests.Codex;

/// <summary>
/// <see cref="CodexEngine"/> over a scripted stand-in for <c>codex app-server</c> (a bash script): the real process
/// path (stdout read as bytes) with notification lines chosen by the test, e.g. for a thread nobody knows.
/// </summary>
public sealed class CodexScriptedAppServerTests : IDisposable
{
    private const string Script = """
        #!/usr/bin/env bash
        # Answers the handshake, thread/start and turn/start; after turn/start, writes the lines of $TURN_LINES.
        while IFS= read -r line; do
          id=$(printf '%s' "$line" | sed -n 's/^{"id":\([0-9]*\),.*/\1/p')
          case "$line" in
            *'"method":"initialize"'*) printf '{"id":%s,"result":{"userAgent":"scripted"}}\n' "$id" ;;
            *'"method":"thread/start"'*) printf '{"id":%s,"result":{"thread":{"id":"thread-1"},"model":"m"}}\n' "$id" ;;
            *'"method":"turn/start"'*)
              printf '{"id":%s,"result":{"turn":{"id":"turn-1","status":"inProgress"}}}\n' "$id"
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

    private CodexEngine CreateEngine(IEnumerable<string> turnLines)
    {
        var script = Path.Combine(_directory, "fake-codex");
        File.WriteAllText(script, Script.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var turn = Path.Combine(_directory, "turn.jsonl");
        File.WriteAllText(turn, string.Concat(turnLines.Select(l => l + "\n")));
        var options = new CodexEngineOptions { Command = script, ShutdownGracePeriod = TimeSpan.FromSeconds(2) };
        options.EnvironmentVariables["TURN_LINES"] = turn;
        return new CodexEngine(options);
    }
}
