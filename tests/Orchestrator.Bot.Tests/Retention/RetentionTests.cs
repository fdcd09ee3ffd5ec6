using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Bot.Persistence;
using Orchestrator.Bot.Retention;
using Orchestrator.Bot.Sessions.History;
using Orchestrator.Bot.Tests.Harness;

namespace Orchestrator.Bot.Tests.Retention;

/// <summary>Retention: old handled-update ids, turns, audit entries and memory files go; what a live session needs stays.</summary>
public sealed class RetentionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_sweep_at_start_and_every_interval_removes_what_is_too_old_but_never_what_a_session_needs()
    {
        var now = DateTimeOffset.UtcNow;
        var time = new ManualTimeProvider(now, manualTimers: true);
        var waiting = time.NextTimerArmedAsync(); // the worker waits for its interval once the sweep at start is done
        await using var bot = await BotHarness.StartAsync(services: s =>
        {
            s.AddSingleton(sp => ActivatorUtilities.CreateInstance<RetentionSweep>(sp, (TimeProvider)time));
            s.AddSingleton(sp => ActivatorUtilities.CreateInstance<RetentionWorker>(sp, (TimeProvider)time));
        });
        await waiting.WaitAsync(Timeout);
        Assert.Single(bot.Logs.Lines, l => l.Contains("Retention sweep removed", StringComparison.Ordinal)); // the sweep at start (once polling began)

        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/whoami");
        await bot.WaitForHandledAsync(Timeout);

        var old = now - TimeSpan.FromDays(400);
        var memory = bot.Service<MemoryFiles>();
        await using (var connection = await bot.Service<BotDatabase>().OpenAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO inbox (update_id, chat_id, payload, status, attempts, received_at, done_at) VALUES
                (1, 1, NULL, 'done', 1, @old, @old),
                (2, 1, NULL, 'set_aside', 3, @old, @old),
                (3, 1, '{"update_id":3}', 'pending', 0, @old, NULL)
                """,
                new { old = Stamp(old) });
            await connection.ExecuteAsync(
                """
                INSERT INTO agents (id, chat_id, topic_id, name, engine, working_directory, session_id, created_at)
                VALUES ('agent1', 1, 0, 'fox', 'codex', '/tmp', 'live', @old)
                """,
                new { old = Stamp(old) });
            await connection.ExecuteAsync(
                """
                INSERT INTO turns (agent_id, session_id, chat_id, user_id, prompt, status, started_at) VALUES
                ('agent1', 'live', 1, 1, 'old turn of the live session', 'completed', @old),
                ('agent1', 'gone', 1, 1, 'old turn of an old session', 'completed', @old),
                ('agent1', 'gone', 1, 1, 'old turn still running', 'running', @old),
                ('agent1', 'gone', 1, 1, 'recent turn', 'completed', @recent)
                """,
                new { old = Stamp(old), recent = Stamp(now) });
            await connection.ExecuteAsync(
                "INSERT INTO audit_log (at, user_id, chat_id, action, detail) VALUES (@old, 1, 1, 'command', 'old'), (@recent, 1, 1, 'command', 'recent')",
                new { old = Stamp(old), recent = Stamp(now) });
        }

        var liveFile = Memory(memory, "live", old);
        var goneFile = Memory(memory, "gone", old);
        var freshFile = Memory(memory, "fresh", now);

        var swept = time.NextTimerArmedAsync(); // the worker waits again once the sweep is done
        time.Advance(TimeSpan.FromHours(1));
        await swept.WaitAsync(Timeout);

        await using (var connection = await bot.Service<BotDatabase>().OpenAsync())
        {
            var updates = (await connection.QueryAsync<long>("SELECT update_id FROM inbox")).ToList();
            Assert.DoesNotContain(1L, updates);
            Assert.DoesNotContain(2L, updates);
            Assert.Contains(3L, updates); // never handled: an old pending update stays
            Assert.NotEmpty(updates); // the /whoami just handled
            var prompts = (await connection.QueryAsync<string>("SELECT prompt FROM turns ORDER BY id")).ToList();
            Assert.Equal(["old turn of the live session", "old turn still running", "recent turn"], prompts);
            Assert.Equal(["recent"], await connection.QueryAsync<string>("SELECT detail FROM audit_log"));
        }

        Assert.True(File.Exists(liveFile), "the memory file of an agent's current session stays");
        Assert.False(File.Exists(goneFile), "an old session's memory file goes");
        Assert.True(File.Exists(freshFile), "a recent memory file stays");
        Assert.Equal(2, bot.Logs.Lines.Count(l => l.Contains("Retention sweep removed", StringComparison.Ordinal)));
    }

    private static string Memory(MemoryFiles memory, string sessionId, DateTimeOffset lastWrite)
    {
        var path = memory.PathOf("agent1", sessionId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "# Session " + sessionId + "\n");
        File.SetLastWriteTimeUtc(path, lastWrite.UtcDateTime);
        return path;
    }

    private static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
