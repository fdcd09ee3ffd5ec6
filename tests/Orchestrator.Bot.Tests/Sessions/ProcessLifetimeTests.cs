using System.Diagnostics;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.Clis;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Sessions;

/// <summary>The bot as a real process: kill -9 mid-turn loses no turn; SIGTERM ends it within seconds and cleanly.</summary>
public sealed class ProcessLifetimeTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private FakeBotApiServer _telegram = null!;
    private FakeResponsesServer _model = null!;
    private CodexHome _home = null!;
    private string _data = "";
    private string _workspace = "";

    private long Chat => BotHarness.OwnerId;

    public async Task InitializeAsync()
    {
        _telegram = await FakeBotApiServer.StartAsync();
        _model = await FakeResponsesServer.StartAsync();
        _home = CodexHome.Create(_model.BaseUrl);
        _data = Directory.CreateTempSubdirectory("orchestrator-process-").FullName;
        _workspace = Directory.CreateTempSubdirectory("orchestrator-workspace-").FullName;
    }

    [Fact]
    public async Task Kill_9_mid_turn_then_restart_reports_the_interrupted_turn_and_continues_the_thread()
    {
        var never = new TaskCompletionSource();
        _model.Enqueue(FakeResponse.Streamed("Starting the long job. ", "never").WithGateBefore(1, never.Task));
        await using (var bot = StartBot())
        {
            _telegram.SendText(Chat, Chat, "do the long job");
            await _telegram.WaitForBotMessageAsync(Chat, m => m.Text.Contains("Starting the long job.", StringComparison.Ordinal), Timeout);
            var children = bot.ChildProcessIds();
            Assert.NotEmpty(children);

            bot.KillHard();
            await bot.WaitForExitAsync(Timeout);
            foreach (var child in children)
            {
                await WaitGoneAsync(child); // app-server notices its stdin closed and exits
            }
        }

        await using (var bot = StartBot())
        {
            await _telegram.WaitForBotMessageAsync(
                Chat, m => m.Text.Contains("restarted while working on “do the long job”", StringComparison.Ordinal), Timeout, "the interruption notice");

            _model.Enqueue(FakeResponse.Text("Resumed fine."));
            _telegram.SendText(Chat, Chat, "are you there?");
            await _telegram.WaitForBotMessageAsync(Chat, m => m.Text == "Resumed fine.", Timeout);
            Assert.True(_model.Requests[^1].HasUserText("do the long job"), "same thread after the crash");
        }
    }

    [Fact]
    public async Task Sigterm_stops_the_running_turn_says_so_and_exits_within_seconds_leaving_no_agent_process()
    {
        var never = new TaskCompletionSource();
        _model.Enqueue(FakeResponse.Streamed("Partial. ", "never").WithGateBefore(1, never.Task));
        await using var bot = StartBot();
        _telegram.SendText(Chat, Chat, "work");
        await _telegram.WaitForBotMessageAsync(Chat, m => m.Text.Contains("Partial.", StringComparison.Ordinal), Timeout);
        var children = bot.ChildProcessIds();
        Assert.NotEmpty(children);

        var stopping = Stopwatch.StartNew();
        bot.Terminate();
        await bot.WaitForExitAsync(Timeout);
        stopping.Stop();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"took {stopping.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(0, bot.ExitCode);
        foreach (var child in children)
        {
            Assert.False(IsAlive(child), $"agent process {child} still runs after the bot exited");
        }

        var message = _telegram.BotMessages(Chat).Single(m => m.Text.StartsWith("Partial.", StringComparison.Ordinal));
        Assert.Contains("shutting down", message.Text, StringComparison.Ordinal);
        Assert.Empty(message.Buttons);
    }

    private BotProcess StartBot() => BotProcess.Start(
        new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = _telegram.Token,
            ["Telegram:ApiBaseUrl"] = _telegram.BaseUrl,
            ["Telegram:PollingTimeoutSeconds"] = "2",
            ["Storage:DataDirectory"] = _data,
            ["Access:AllowedUserIds:0"] = Chat.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Agents:DefaultWorkingDirectory"] = _workspace,
            ["Codex:Command"] = AgentClis.Codex,
            ["Codex:Environment:CODEX_HOME"] = _home.EnvironmentVariables["CODEX_HOME"],
            ["Codex:Environment:FAKE_KEY"] = _home.EnvironmentVariables["FAKE_KEY"],
            ["Codex:Environment:HOME"] = _home.EnvironmentVariables["HOME"],
        },
        _data);

    private static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    private static async Task WaitGoneAsync(int pid)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(15);
        while (IsAlive(pid))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"process {pid} is still alive");
            await Task.Delay(100); // polling /proc: there is no event for another process's exit
        }
    }

    public async Task DisposeAsync()
    {
        await _telegram.DisposeAsync();
        await _model.DisposeAsync();
        _home.Dispose();
        foreach (var dir in new[] { _data, _workspace })
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
