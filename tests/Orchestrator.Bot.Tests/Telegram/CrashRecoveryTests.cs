using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Bot.Telegram;
using Orchestrator.Bot.Tests.Harness;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Tests.Telegram;

/// <summary>The offset moves only after an update is handled: a crash loses nothing and a restart handles nothing twice.</summary>
public sealed class CrashRecoveryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_update_interrupted_by_a_crash_is_handled_once_after_the_restart_and_earlier_ones_not_again()
    {
        var journal = new HandlingJournal();
        journal.BlockOnce("second");
        await using var bot = await BotHarness.StartAsync(services: s => journal.Install(s));

        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "first");
        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "second");
        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "third");
        await journal.WaitStartedAsync("second").WaitAsync(Timeout);
        Assert.Equal(1, journal.Completed("first"));

        await bot.CrashAndRestartAsync();

        await journal.WaitCompletedAsync("third").WaitAsync(Timeout);
        await bot.WaitForHandledAsync(Timeout);
        Assert.Equal(1, journal.Completed("first"));
        Assert.Equal(1, journal.Completed("second"));
        Assert.Equal(1, journal.Completed("third"));

        // A third life of the bot finds nothing left to do.
        await bot.RestartAsync();
        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "fourth");
        await journal.WaitCompletedAsync("fourth").WaitAsync(Timeout);
        Assert.Equal(1, journal.Completed("first"));
        Assert.Equal(1, journal.Completed("second"));
        Assert.Equal(1, journal.Completed("third"));
    }

    /// <summary>Wraps the real handler of each bot instance and counts completed handlings by message text, across restarts.</summary>
    private sealed class HandlingJournal
    {
        private readonly ConcurrentDictionary<string, int> _completed = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _completedSignals = new();
        private readonly ConcurrentDictionary<string, byte> _blockOnce = new();

        public void BlockOnce(string text) => _blockOnce[text] = 0;

        public int Completed(string text) => _completed.GetValueOrDefault(text);

        public Task WaitStartedAsync(string text) => Signal(_started, text).Task;

        public Task WaitCompletedAsync(string text) => Signal(_completedSignals, text).Task;

        public void Install(IServiceCollection services)
        {
            var real = services.Single(d => d.ServiceType == typeof(IBotUpdateHandler));
            services.RemoveAll<IBotUpdateHandler>();
            services.AddSingleton<IBotUpdateHandler>(sp => new Recording(this, (IBotUpdateHandler)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!)));
        }

        private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> map, string key) =>
            map.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        private sealed class Recording(HandlingJournal journal, IBotUpdateHandler inner) : IBotUpdateHandler
        {
            public bool IsUrgent(Update update) => inner.IsUrgent(update);

            public async Task HandleAsync(Update update, CancellationToken cancellationToken)
            {
                var text = update.Message?.Text ?? "";
                Signal(journal._started, text).TrySetResult();
                if (journal._blockOnce.TryRemove(text, out _))
                {
                    await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken); // the crash cancels this
                }

                await inner.HandleAsync(update, cancellationToken);
                journal._completed.AddOrUpdate(text, 1, (_, n) => n + 1);
                Signal(journal._completedSignals, text).TrySetResult();
            }
        }
    }
}
