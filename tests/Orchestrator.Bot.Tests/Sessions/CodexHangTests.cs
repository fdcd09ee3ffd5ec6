using Orchestrator.Bot.Tests.Harness;

namespace Orchestrator.Bot.Tests.Sessions;

/// <summary>
/// A Codex app-server that stops answering: the chat is told after <c>Codex:RequestTimeout</c>, stays responsive, and
/// the next message runs on a new app-server. The app-server is a bash stand-in that leaves the first turn/start
/// unanswered (then removes its marker file, so the next process answers).
/// </summary>
public sealed class CodexHangTests : IDisposable
{
    private const string Script = """
        #!/usr/bin/env bash
        while IFS= read -r line; do
          id=$(printf '%s' "$line" | sed -n 's/^{"id":\([0-9]*\),.*/\1/p')
          if [ -e "$HANG_MARKER" ]; then
            case "$line" in *'"method":"turn/start"'*) rm -f "$HANG_MARKER"; continue ;; esac
          fi
          case "$line" in
            *'"method":"initialize"'*) printf '{"id":%s,"result":{"userAgent":"scripted"}}\n' "$id" ;;
            *'"method":"thread/start"'*|*'"method":"thread/resume"'*) printf '{"id":%s,"result":{"thread":{"id":"thread-1"},"model":"m"}}\n' "$id" ;;
            *'"method":"turn/start"'*)
              printf '{"id":%s,"result":{"turn":{"id":"turn-1","status":"inProgress"}}}\n' "$id"
              printf '{"method":"item/agentMessage/delta","params":{"threadId":"thread-1","turnId":"turn-1","itemId":"m1","delta":"Answered by a fresh app-server"}}\n'
              printf '{"method":"turn/completed","params":{"threadId":"thread-1","turn":{"id":"turn-1","items":[],"status":"completed","error":null}}}\n' ;;
          esac
        done
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("codex-hang-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_hung_app_server_fails_the_message_with_a_clear_reason_and_the_chat_keeps_working()
    {
        var script = Path.Combine(_directory, "fake-codex");
        File.WriteAllText(script, Script.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var marker = Path.Combine(_directory, "hang-once");
        File.WriteAllText(marker, "turn/start");
        await using var bot = await BotHarness.StartAsync(s =>
        {
            s["Codex:Command"] = script;
            s["Codex:RequestTimeout"] = "00:00:01";
            s["Codex:Environment:HANG_MARKER"] = marker;
        });

        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "hello");
        var failure = await bot.Telegram.WaitForBotMessageAsync(
            BotHarness.OwnerId, m => m.Text.Contains("did not answer", StringComparison.Ordinal), Timeout);
        Assert.Contains("Codex did not answer turn/start within 1 s; restarting it", failure.Text, StringComparison.Ordinal);

        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/whoami");
        await bot.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text.Contains("Role: allowed", StringComparison.Ordinal), Timeout);

        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "again");
        await bot.Telegram.WaitForBotMessageAsync(
            BotHarness.OwnerId, m => m.Text.Contains("Answered by a fresh app-server", StringComparison.Ordinal), Timeout);
    }
}
