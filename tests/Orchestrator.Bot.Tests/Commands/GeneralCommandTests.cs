using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Tests.Harness;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Tests.Commands;

public sealed class GeneralCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Commands_are_registered_at_start_for_every_scope()
    {
        await using var bot = await BotHarness.StartAsync();

        var commands = await bot.Telegram.WaitForAsync(t => t.Commands.Count >= 4 ? t.Commands : null, Timeout);
        foreach (var scope in new[] { "default", "all_private_chats", "all_group_chats", "all_chat_administrators" })
        {
            Assert.True(commands.ContainsKey(scope), $"no commands for scope {scope}: {string.Join(", ", commands.Keys)}");
            Assert.Contains(commands[scope], c => c.Command == "whoami");
            Assert.Contains(commands[scope], c => c.Command == "help");
        }
    }

    [Theory]
    [InlineData("/start")]
    [InlineData("/help")]
    [InlineData("/help@orchestrator_test_bot")]
    public async Task Start_and_help_list_the_commands(string text)
    {
        await using var bot = await BotHarness.StartAsync();

        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, text);

        var reply = await bot.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, _ => true, Timeout);
        Assert.Contains("/whoami", reply.Text);
        Assert.Contains("/help", reply.Text);
        Assert.Equal("HTML", reply.ParseMode);
    }

    [Theory]
    [InlineData(BotHarness.OwnerId, "Role: allowed")]
    [InlineData(BotHarness.AdminId, "Role: admin")]
    public async Task Whoami_shows_user_chat_type_and_role(long userId, string role)
    {
        await using var bot = await BotHarness.StartAsync();

        bot.Telegram.SendText(userId, userId, "/whoami");

        var reply = await bot.Telegram.WaitForBotMessageAsync(userId, _ => true, Timeout);
        var id = userId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"id {id}", reply.Text);
        Assert.Contains($"Chat: {id} (private)", reply.Text);
        Assert.Contains(role, reply.Text);
    }

    [Fact]
    public async Task Whoami_in_a_group_shows_the_group()
    {
        await using var bot = await BotHarness.StartAsync();
        const long group = -100123;

        bot.Telegram.SendText(group, BotHarness.OwnerId, "/whoami", ChatType.Supergroup);

        var reply = await bot.Telegram.WaitForBotMessageAsync(group, _ => true, Timeout);
        Assert.Contains("Chat: -100123 (supergroup)", reply.Text);
    }

    [Fact]
    public async Task Unknown_commands_get_a_hint_and_commands_for_other_bots_are_ignored()
    {
        await using var bot = await BotHarness.StartAsync();

        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/whoami@some_other_bot");
        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/frobnicate");

        var reply = await bot.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, _ => true, Timeout);
        await bot.WaitForHandledAsync(Timeout);
        Assert.Contains("Unknown command /frobnicate", reply.Text);
        Assert.Single(bot.Telegram.BotMessages(BotHarness.OwnerId));
    }

    [Fact]
    public async Task A_command_that_fails_tells_the_user_and_the_chat_keeps_working()
    {
        await using var bot = await BotHarness.StartAsync(services: s => s.AddSingleton<IBotCommand, BrokenCommand>());

        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/broken");
        var reply = await bot.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, _ => true, Timeout);
        Assert.Equal("⚠️ /broken failed with an internal error; the details are in the bot's log.", reply.Text);
        Assert.DoesNotContain("secret detail", reply.Text, StringComparison.Ordinal);

        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/whoami");
        await bot.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text.Contains("Role: allowed", StringComparison.Ordinal), Timeout);
    }

    private sealed class BrokenCommand : IBotCommand
    {
        public string Name => "broken";

        public string Description => "Always fails";

        public Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("secret detail");
    }
}
