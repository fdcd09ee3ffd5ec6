using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Bot.Telegram;
using Orchestrator.Bot.Tests.Harness;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Tests.Inbox;

/// <summary>
/// The durable inbox against the strict fake Bot API: updates are stored and confirmed at once, getUpdates always
/// long-polls, and an update that keeps failing is set aside with one message to its sender.
/// </summary>
public sealed class InboxTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Updates_are_stored_and_confirmed_while_a_handler_still_runs_and_getUpdates_always_long_polls()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var bot = await BotHarness.StartAsync(services: s => Wrap(s, inner => new HoldingHandler(inner, "/help", held, hold.Task)));
        var owner = BotHarness.OwnerId;

        bot.Telegram.SendText(owner, owner, "/help"); // held: the chat is busy
        await held.Task.WaitAsync(Timeout);
        var pollsBefore = bot.Telegram.RequestsFor("getUpdates").Count;
        bot.Telegram.SendText(owner, owner, "/whoami");
        bot.Telegram.SendText(BotHarness.AdminId, BotHarness.AdminId, "/whoami");

        // Confirmed to Telegram while /help is still being handled: they are in the inbox, not held unconfirmed.
        await bot.Telegram.WaitForUpdatesConfirmedAsync(Timeout);
        Assert.InRange(await bot.PendingInInboxAsync(), 2, 3); // /help (held), the owner's /whoami (queued behind it), maybe the admin's
        await bot.Telegram.WaitForBotMessageAsync(BotHarness.AdminId, m => m.Text.Contains("Role: admin", StringComparison.Ordinal), Timeout, "the admin's answer");

        // Two more long polls while busy: each waits the full long-poll timeout (none is a 0-second re-poll).
        await bot.Telegram.WaitForAsync(t => t.RequestsFor("getUpdates").Count >= pollsBefore + 3, Timeout, "more polls while busy");
        Assert.All(
            bot.Telegram.RequestsFor("getUpdates").Skip(pollsBefore),
            r => Assert.Contains("\"timeout\":2", r.Body, StringComparison.Ordinal));
        Assert.Empty(bot.Telegram.BotMessages(owner));

        hold.SetResult();
        await bot.WaitForHandledAsync(Timeout);
        Assert.Equal(2, bot.Telegram.BotMessages(owner).Count); // /help and /whoami, once each
    }

    [Fact]
    public async Task An_update_that_fails_three_times_is_set_aside_its_sender_told_once_and_the_chat_goes_on()
    {
        var handlings = 0;
        await using var bot = await BotHarness.StartAsync(services: s => Wrap(s, inner => new FailingHandler(inner, "poison", () => Interlocked.Increment(ref handlings))));
        var owner = BotHarness.OwnerId;

        bot.Telegram.SendText(owner, owner, "poison");
        var poison = bot.Telegram.LastUserMessageId;
        bot.Telegram.SendText(owner, owner, "/whoami");

        await bot.Telegram.WaitForBotMessageAsync(owner, m => m.Text.Contains("Role: allowed", StringComparison.Ordinal), Timeout, "the next message's answer");
        await bot.WaitForHandledAsync(Timeout);
        var told = Assert.Single(bot.Telegram.BotMessages(owner), m => m.Text.Contains("set it aside", StringComparison.Ordinal));
        Assert.Equal(poison, told.ReplyToMessageId);
        Assert.Equal(3, handlings);
        Assert.Contains(bot.Logs.Lines, l => l.Contains("set aside after 3 attempts", StringComparison.Ordinal));

        // Not handled again after a restart, and the user is not told again.
        await bot.RestartAsync();
        bot.Telegram.SendText(owner, owner, "/help");
        await bot.Telegram.WaitForBotMessageAsync(owner, m => m.Text.Contains("/whoami", StringComparison.Ordinal) && m.Text.Contains("/help", StringComparison.Ordinal), Timeout, "the /help answer");
        await bot.WaitForHandledAsync(Timeout);
        Assert.Equal(3, handlings);
        Assert.Single(bot.Telegram.BotMessages(owner), m => m.Text.Contains("set it aside", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Updates_stored_but_not_handled_are_handled_after_a_restart_once()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var bot = await BotHarness.StartAsync(services: s => Wrap(s, inner => new HoldingHandler(inner, "/help", held, hold.Task)));
        var owner = BotHarness.OwnerId;
        bot.Telegram.SendText(owner, owner, "/help");
        await held.Task.WaitAsync(Timeout);
        for (var i = 0; i < 3; i++)
        {
            bot.Telegram.SendText(owner, owner, "/whoami");
        }

        await bot.Telegram.WaitForUpdatesConfirmedAsync(Timeout); // Telegram will not send them again
        Assert.Equal(4, await bot.PendingInInboxAsync());

        await bot.CrashAndRestartAsync(); // the held /help never finished in the first life; only the first handling is held
        await bot.WaitForHandledAsync(Timeout);
        var answers = bot.Telegram.BotMessages(owner);
        Assert.Equal(3, answers.Count(m => m.Text.Contains("Role: allowed", StringComparison.Ordinal)));
        Assert.Single(answers, m => m.Text.Contains("/whoami", StringComparison.Ordinal) && m.Text.Contains("/help", StringComparison.Ordinal));
    }

    private static void Wrap(IServiceCollection services, Func<IBotUpdateHandler, IBotUpdateHandler> wrap)
    {
        var real = services.Single(d => d.ServiceType == typeof(IBotUpdateHandler));
        services.RemoveAll<IBotUpdateHandler>();
        services.AddSingleton(sp => wrap((IBotUpdateHandler)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!)));
    }

    /// <summary>The real handler, except that the first handling of the update with <c>text</c> waits for <c>release</c> first.</summary>
    private sealed class HoldingHandler(IBotUpdateHandler inner, string text, TaskCompletionSource held, Task release) : IBotUpdateHandler
    {

        public bool IsUrgent(Update update) => inner.IsUrgent(update);

        public Task TellSetAsideAsync(Update update, CancellationToken cancellationToken) => inner.TellSetAsideAsync(update, cancellationToken);

        public async Task HandleAsync(Update update, CancellationToken cancellationToken)
        {
            if (update.Message?.Text == text && held.TrySetResult())
            {
                await release.WaitAsync(cancellationToken);
            }

            await inner.HandleAsync(update, cancellationToken);
        }
    }

    /// <summary>The real handler, except that the update with <c>text</c> always throws.</summary>
    private sealed class FailingHandler(IBotUpdateHandler inner, string text, Action counted) : IBotUpdateHandler
    {
        public bool IsUrgent(Update update) => inner.IsUrgent(update);

        public Task TellSetAsideAsync(Update update, CancellationToken cancellationToken) => inner.TellSetAsideAsync(update, cancellationToken);

        public Task HandleAsync(Update update, CancellationToken cancellationToken)
        {
            if (update.Message?.Text == text)
            {
                counted();
                throw new InvalidOperationException("the handler failed");
            }

            return inner.HandleAsync(update, cancellationToken);
        }
    }
}
