using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Orchestrator.Telegram.Tests.Support;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Telegram.Tests.Fake;

public sealed class FakeServerStrictnessTests
{
    private const long Chat = 4004;

    [Fact]
    public async Task Length_limit_is_counted_after_entity_parsing()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SendText(Chat, Chat, "hi");
        var fits = "<b>" + new string('x', 4096 - 1) + "&lt;</b>";
        var plainTooLong = new string('x', 4097);

        var sent = await bot.Client.SendMessage(Chat, fits, ParseMode.Html).WaitAsync(FakeBot.Timeout);
        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.SendMessage(Chat, plainTooLong));

        Assert.True(fits.Length > 4096);
        Assert.Equal(4096, bot.Server.BotMessage(Chat, sent.Id)!.Text.Length);
        Assert.Equal("Bad Request: message is too long", ex.Message);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("<b></b>", ParseMode.Html)]
    [InlineData("   ", null)]
    public async Task Empty_text_is_rejected(string text, ParseMode? mode)
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SendText(Chat, Chat, "hi");

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.SendMessage(Chat, text, mode ?? ParseMode.None));

        Assert.Equal("Bad Request: message text is empty", ex.Message);
    }

    [Fact]
    public async Task Callback_data_over_64_bytes_is_rejected()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SendText(Chat, Chat, "hi");
        var data = new string('é', 33); // 66 bytes in UTF-8, 33 characters

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() =>
            bot.Client.SendMessage(Chat, "x", replyMarkup: new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData("b", data)]])));

        Assert.Equal(400, ex.ErrorCode);
        Assert.Contains("BUTTON_DATA_INVALID", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_chat_is_chat_not_found()
    {
        await using var bot = await FakeBot.StartAsync();

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.SendMessage(987654, "hello?"));

        Assert.Equal("Bad Request: chat not found", ex.Message);
    }

    [Fact]
    public async Task Callback_query_can_be_answered_once()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.PressButton(Chat, Chat, 1, "x");
        var query = (await bot.Client.GetUpdates()).Single().CallbackQuery!;
        await bot.Client.AnswerCallbackQuery(query.Id);

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.AnswerCallbackQuery(query.Id));

        Assert.Contains("query ID is invalid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Private_chat_flood_gives_429_and_calling_during_the_ban_prolongs_it()
    {
        await using var bot = await FakeBot.StartAsync(new FakeBotApiOptions(), noRetry: true);
        bot.Server.SendText(Chat, Chat, "hi");
        for (var i = 0; i < 3; i++)
        {
            await bot.Client.SendMessage(Chat, $"burst {i}");
        }

        var first = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.SendMessage(Chat, "one too many"));
        var bannedUntil = bot.Server.BannedUntil(Chat);
        var second = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.EditMessageText(Chat, 2, "edits count too"));

        Assert.Equal(429, first.ErrorCode);
        Assert.Equal($"Too Many Requests: retry after {first.Parameters!.RetryAfter}", first.Message);
        Assert.InRange(first.Parameters.RetryAfter!.Value, 1, 2);
        Assert.Equal(429, second.ErrorCode);
        Assert.True(bot.Server.BannedUntil(Chat) > bannedUntil);
        Assert.Equal(2, bot.Server.RateLimitViolationsIn(Chat));
        Assert.Equal(2, bot.Server.RateLimitViolations);
        Assert.Equal(3, bot.Server.BotMessages(Chat).Count);
    }

    [Fact]
    public async Task Chat_actions_and_callback_answers_do_not_count_against_the_limit()
    {
        await using var bot = await FakeBot.StartAsync(new FakeBotApiOptions(), noRetry: true);
        bot.Server.SendText(Chat, Chat, "hi");
        for (var i = 0; i < 10; i++)
        {
            await bot.Client.SendChatAction(Chat, ChatAction.Typing);
        }

        await bot.Client.SendMessage(Chat, "still allowed");

        Assert.Equal(0, bot.Server.RateLimitViolations);
    }

    [Fact]
    public async Task Real_flood_control_reaches_the_caller_the_client_does_not_retry_messages()
    {
        await using var bot = await FakeBot.StartAsync(new FakeBotApiOptions());
        bot.Server.SendText(Chat, Chat, "hi");

        var flood = await Assert.ThrowsAsync<ApiRequestException>(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await bot.Client.SendMessage(Chat, $"m{i}").WaitAsync(FakeBot.Timeout);
            }
        });

        Assert.Equal(429, flood.ErrorCode);
        Assert.Equal(1, bot.Server.RateLimitViolations);
        Assert.Equal(bot.Server.BotMessages(Chat).Count + 1, bot.Server.RequestsFor("sendMessage").Count);
    }

    [Fact]
    public async Task WaitForAsync_times_out_with_a_description_of_the_state()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SendText(Chat, Chat, "hi");
        await bot.Client.SendMessage(Chat, "visible text");

        var ex = await Assert.ThrowsAsync<TimeoutException>(() =>
            bot.Server.WaitForBotMessageAsync(Chat, m => m.Text == "never", TimeSpan.FromMilliseconds(200), "the impossible message"));

        Assert.Contains("the impossible message", ex.Message, StringComparison.Ordinal);
        Assert.Contains("visible text", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForAsync_wakes_on_the_change()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SendText(Chat, Chat, "hi");
        var waiting = bot.Server.WaitForBotMessageAsync(Chat, m => m.Text == "done", FakeBot.Timeout);

        await bot.Client.SendMessage(Chat, "done");

        Assert.Equal("done", (await waiting).Text);
    }
}
