using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Bot.Telegram;
using Orchestrator.Bot.Tests.Harness;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Tests.Telegram;

/// <summary>Telegram:MaxQueuedUpdatesPerChat: a flood into one chat is answered "Busy" once and confirmed, not queued without bound.</summary>
public sealed class QueueBoundTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Messages_beyond_a_full_chat_queue_get_one_busy_answer_and_are_all_confirmed()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var bot = await BotHarness.StartAsync(
            s => s["Telegram:MaxQueuedUpdatesPerChat"] = "2",
            services =>
            {
                var real = services.Single(d => d.ServiceType == typeof(IBotUpdateHandler));
                services.RemoveAll<IBotUpdateHandler>();
                services.AddSingleton<IBotUpdateHandler>(sp =>
                    new HoldingHandler((IBotUpdateHandler)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!), "/help", held, hold.Task));
            });
        var owner = BotHarness.OwnerId;

        bot.Telegram.SendText(owner, owner, "/help"); // its handler is held: the chat's queue fills behind it
        await held.Task.WaitAsync(Timeout);
        for (var i = 0; i < 5; i++)
        {
            bot.Telegram.SendText(owner, owner, "/whoami");
        }

        var busy = await bot.Telegram.WaitForBotMessageAsync(owner, m => m.Text.Contains("Busy", StringComparison.Ordinal), Timeout, "the Busy answer");
        Assert.Equal("⏳ Busy, try again in a moment.", busy.Text);

        hold.SetResult();
        await bot.WaitForHandledAsync(Timeout);
        var messages = bot.Telegram.BotMessages(owner);
        Assert.Single(messages, m => m.Text.Contains("Busy", StringComparison.Ordinal));
        Assert.Equal(2, messages.Count(m => m.Text.Contains("Role: allowed", StringComparison.Ordinal))); // the two that fitted
        Assert.Single(messages, m => m.Text.Contains("/whoami", StringComparison.Ordinal) && m.Text.Contains("/help", StringComparison.Ordinal));
        Assert.Equal(4, messages.Count);
    }

    /// <summary>The real handler, except that the update with <c>text</c> waits for <c>release</c> first.</summary>
    private sealed class HoldingHandler(IBotUpdateHandler inner, string text, TaskCompletionSource held, Task release) : IBotUpdateHandler
    {
        public bool IsUrgent(Update update) => inner.IsUrgent(update);

        public Task<bool> RefuseBusyAsync(Update update, CancellationToken cancellationToken) => inner.RefuseBusyAsync(update, cancellationToken);

        public async Task HandleAsync(Update update, CancellationToken cancellationToken)
        {
            if (update.Message?.Text == text)
            {
                held.TrySetResult();
                await release.WaitAsync(cancellationToken);
            }

            await inner.HandleAsync(update, cancellationToken);
        }
    }
}
