using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Agents;
using Orchestrator.Bot.Telegram;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Bot.Tests.Reliability;
using Telegram.Bot.Types;
using Xunit.Abstractions;

namespace Orchestrator.Bot.Tests.Inbox;

/// <summary>
/// getUpdates while the bot is busy (a turn streams and a handler is held the whole time, which used to force 0.5 s
/// re-polls): with the inbox it long-polls, one call per long-poll timeout plus one per batch of updates. The window
/// is ORCHESTRATOR_POLL_FIGURE_SECONDS (default 8; docs/performance.md's figure uses 60). Prints the figure.
/// </summary>
public sealed class GetUpdatesWhileBusyTests(ITestOutputHelper output)
{
    private const int LongPollSeconds = 30; // the default Telegram:PollingTimeoutSeconds

    [Fact]
    public async Task While_a_turn_streams_and_a_handler_is_busy_getUpdates_is_called_once_per_long_poll_and_per_batch()
    {
        var window = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("ORCHESTRATOR_POLL_FIGURE_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s : 8);
        var engine = new GatedEngine();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var bot = await BotHarness.StartAsync(
            settings => settings["Telegram:PollingTimeoutSeconds"] = LongPollSeconds.ToString(CultureInfo.InvariantCulture),
            services =>
            {
                services.AddSingleton<IAgentEngine>(engine);
                var real = services.Single(d => d.ServiceType == typeof(IBotUpdateHandler));
                services.RemoveAll<IBotUpdateHandler>();
                services.AddSingleton<IBotUpdateHandler>(sp => new HoldHelp((IBotUpdateHandler)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!), hold.Task));
            });
        var chat = BotHarness.OwnerId;
        bot.Telegram.SendText(chat, chat, "start a turn");
        var asked = bot.Telegram.LastUserMessageId;
        await bot.Telegram.WaitForBotMessageAsync(chat, m => m.ReplyToMessageId == asked && m.Text.Contains(GatedEngine.Before, StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        var start = DateTimeOffset.UtcNow;
        var pollsBefore = bot.Telegram.RequestsFor("getUpdates").Count;
        bot.Telegram.SendText(chat, chat, "/help"); // held for the whole window: the chat's handler is busy
        const int Batches = 3;
        for (var i = 1; i <= Batches; i++)
        {
            await Task.Delay(window / (Batches + 1)); // time passing is the scenario
            bot.Telegram.SendText(chat, chat, $"more input {i}"); // waits behind /help, in the inbox
        }

        await Task.Delay(window / (Batches + 1));
        var polls = bot.Telegram.RequestsFor("getUpdates").Count - pollsBefore;
        var elapsed = DateTimeOffset.UtcNow - start;
        var batches = Batches + 1; // /help and the three messages, each its own batch
        output.WriteLine(
            $"getUpdates: {polls} calls in {elapsed.TotalSeconds:0.0} s while a turn streamed and a handler was busy " +
            $"({polls / elapsed.TotalMinutes:0.0}/min; {batches} batches of updates; long poll {LongPollSeconds} s)");
        Assert.InRange(polls, 1, (int)Math.Ceiling(elapsed.TotalSeconds / LongPollSeconds) + 1 + batches);

        hold.SetResult();
        engine.Release();
        await bot.WaitForHandledAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>The real handler, except that /help waits for <c>release</c>.</summary>
    private sealed class HoldHelp(IBotUpdateHandler inner, Task release) : IBotUpdateHandler
    {
        public bool IsUrgent(Update update) => inner.IsUrgent(update);

        public async Task HandleAsync(Update update, CancellationToken cancellationToken)
        {
            if (update.Message?.Text == "/help")
            {
                await release.WaitAsync(cancellationToken);
            }

            await inner.HandleAsync(update, cancellationToken);
        }
    }
}
