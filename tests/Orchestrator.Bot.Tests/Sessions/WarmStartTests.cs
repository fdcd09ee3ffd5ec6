using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Agents.Codex;
using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.Clis;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Bot.Tests.Sessions;

/// <summary>Warm engines (Codex:WarmStart): app-server starts after the first getUpdates, before any message needs it.</summary>
public sealed class WarmStartTests
{
    [Fact]
    public async Task Codex_app_server_is_running_before_the_first_message_and_serves_it()
    {
        await using var codex = await CodexBot.StartAsync(s => s["Codex:WarmStart"] = "true");
        await WarmStartOf(codex).Done.WaitAsync(CodexBot.Timeout);
        var engine = (CodexEngine)codex.Bot.Service<EngineRegistry>().Get("codex");
        Assert.NotNull(engine.AppServerProcessId);
        Assert.Equal(1, engine.Generation);
        // Warmed only once polling began (the fake records a long poll when it returns, so ask the bot, not the fake).
        Assert.True(codex.Bot.Service<Orchestrator.Bot.Hosting.PollingStarted>().FirstPollSent.IsCompletedSuccessfully);

        codex.Model.Enqueue(FakeResponse.Text("Warm hello."));
        var asked = codex.Say("hi");
        await codex.ReplyToAsync(asked, m => m.Text == "Warm hello.", "the answer");
        Assert.Equal(1, engine.Generation); // the process started in advance served the first message
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_failed_warm_start_is_a_warning_and_the_next_message_starts_codex()
    {
        var folder = Directory.CreateTempSubdirectory("orchestrator-warm-");
        var marker = Path.Combine(folder.FullName, "failed-once");
        var wrapper = Path.Combine(folder.FullName, "codex-fails-once");
        // app-server fails the first time only (the --version preflight is left alone).
        await File.WriteAllTextAsync(
            wrapper,
            $"#!/bin/sh\nif [ \"$1\" = app-server ] && [ ! -e '{marker}' ]; then : > '{marker}'; echo 'warm start refused' >&2; exit 3; fi\nexec '{AgentClis.Codex}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            await using var codex = await CodexBot.StartAsync(s =>
            {
                s["Codex:WarmStart"] = "true";
                s["Codex:Command"] = wrapper;
            });
            await WarmStartOf(codex).Done.WaitAsync(CodexBot.Timeout);
            Assert.True(File.Exists(marker), "the warm start ran app-server");
            Assert.Contains(codex.Bot.Logs.Lines, l => l.Contains("Could not start the Codex engine in advance", StringComparison.Ordinal));
            var engine = (CodexEngine)codex.Bot.Service<EngineRegistry>().Get("codex");
            Assert.Null(engine.AppServerProcessId);

            codex.Model.Enqueue(FakeResponse.Text("Started on demand."));
            var asked = codex.Say("hi");
            await codex.ReplyToAsync(asked, m => m.Text == "Started on demand.", "the answer");
            Assert.NotNull(engine.AppServerProcessId);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static EngineWarmStart WarmStartOf(CodexBot codex) =>
        codex.Bot.Host.Services.GetServices<IHostedService>().OfType<EngineWarmStart>().Single();
}
