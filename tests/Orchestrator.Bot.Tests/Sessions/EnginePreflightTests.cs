using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.Clis;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Sessions;

/// <summary>
/// At start the engine commands are checked in the background (<c>--version</c>): a missing one is one warning naming
/// the setting and the command, and <c>/status</c> shows it; good ones give no warning; the check never delays polling,
/// and starts only once polling has (so it does not compete with start-up).
/// </summary>
public sealed class EnginePreflightTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_missing_codex_command_is_one_warning_at_start_and_shows_in_status()
    {
        await using var bot = await BotHarness.StartAsync(s =>
        {
            s["Codex:Command"] = "/nonexistent/bin/codex";
            s["Claude:Command"] = AgentClis.Claude;
            s["Engines:Acp:copilot:Command"] = AgentClis.Copilot;
        });
        await bot.Service<EngineHealth>().Checked.WaitAsync(Timeout);

        var warning = Assert.Single(bot.Logs.Lines, l => l.Contains("cannot be used", StringComparison.Ordinal));
        Assert.StartsWith("[Warning]", warning, StringComparison.Ordinal);
        Assert.Contains("Codex:Command", warning, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/bin/codex", warning, StringComparison.Ordinal);

        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/status");
        var status = await bot.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text.Contains("Running:", StringComparison.Ordinal), Timeout, "the status");
        Assert.Contains("⚠️ Codex:Command '/nonexistent/bin/codex' cannot be used", status.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Claude:Command", status.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_copilot_command_is_one_warning_at_start_and_shows_in_status()
    {
        await using var bot = await BotHarness.StartAsync(s =>
        {
            s["Codex:Command"] = AgentClis.Codex;
            s["Claude:Command"] = AgentClis.Claude;
            s["Engines:Acp:copilot:Command"] = "/nonexistent/bin/copilot";
        });
        await bot.Service<EngineHealth>().Checked.WaitAsync(Timeout);

        var warning = Assert.Single(bot.Logs.Lines, l => l.Contains("cannot be used", StringComparison.Ordinal));
        Assert.Contains("Engines:Acp:copilot:Command", warning, StringComparison.Ordinal);

        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/status");
        var status = await bot.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text.Contains("Running:", StringComparison.Ordinal), Timeout, "the status");
        Assert.Contains("⚠️ Engines:Acp:copilot:Command '/nonexistent/bin/copilot' cannot be used", status.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Working_engine_commands_give_no_warning()
    {
        await using var bot = await BotHarness.StartAsync(s =>
        {
            s["Codex:Command"] = AgentClis.Codex;
            s["Claude:Command"] = AgentClis.Claude;
            s["Engines:Acp:copilot:Command"] = AgentClis.Copilot;
        });
        await bot.Service<EngineHealth>().Checked.WaitAsync(Timeout);

        Assert.DoesNotContain(bot.Logs.Lines, l => l.Contains("cannot be used", StringComparison.Ordinal));
        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/status");
        var status = await bot.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text.Contains("Running:", StringComparison.Ordinal), Timeout, "the status");
        Assert.DoesNotContain("⚠️", status.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_that_hangs_does_not_delay_the_first_poll()
    {
        var folder = Directory.CreateTempSubdirectory("orchestrator-preflight-").FullName;
        try
        {
            var release = Path.Combine(folder, "release");
            var hanging = Path.Combine(folder, "codex");
            File.WriteAllText(hanging, $"#!/bin/sh\nwhile [ ! -e '{release}' ]; do sleep 0.1; done\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(hanging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            // StartAsync returns once the first getUpdates was sent; the check is still waiting for --version then.
            await using var bot = await BotHarness.StartAsync(s =>
            {
                s["Codex:Command"] = hanging;
                s["Claude:Command"] = AgentClis.Claude;
                s["Engines:Acp:copilot:Command"] = AgentClis.Copilot;
            });
            Assert.False(bot.Service<EngineHealth>().Checked.IsCompleted, "the first poll waited for the engine check");

            File.WriteAllText(release, "");
            await bot.Service<EngineHealth>().Checked.WaitAsync(Timeout);
            Assert.Empty(bot.Service<EngineHealth>().Problems);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_check_waits_until_the_first_poll_was_sent()
    {
        var folder = Directory.CreateTempSubdirectory("orchestrator-preflight-").FullName;
        try
        {
            var started = Path.Combine(folder, "started");
            var codex = Path.Combine(folder, "codex");
            File.WriteAllText(codex, $"#!/bin/sh\ntouch '{started}'\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(codex, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            // Telegram answers 502 at first: start-up (getMe) retries after 2 s, and polling cannot begin yet.
            await using var telegram = await FakeBotApiServer.StartAsync();
            telegram.SetOutage(FakeOutage.BadGateway);
            var starting = BotHarness.StartAsync(
                s =>
                {
                    s["Codex:Command"] = codex;
                    s["Claude:Command"] = AgentClis.Claude;
                    s["Engines:Acp:copilot:Command"] = AgentClis.Copilot;
                },
                telegram: telegram);
            await telegram.WaitForAsync(t => t.RequestsFor("getMe").Count >= 2, Timeout, "a second getMe");
            Assert.False(File.Exists(started), "the engine check ran while the bot was still starting");

            telegram.SetOutage(FakeOutage.None);
            await using var bot = await starting;
            await bot.Service<EngineHealth>().Checked.WaitAsync(Timeout);
            Assert.True(File.Exists(started), "the engine check never ran");
            Assert.Empty(bot.Service<EngineHealth>().Problems);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
