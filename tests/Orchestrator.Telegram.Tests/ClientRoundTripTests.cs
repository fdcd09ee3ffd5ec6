using Orchestrator.Telegram.Tests.Support;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace Orchestrator.Telegram.Tests;

public sealed class ClientRoundTripTests
{
    private const long Chat = 1001;
    private const long User = 1001;

    [Fact]
    public async Task GetMe_returns_the_bot()
    {
        await using var bot = await FakeBot.StartAsync();

        var me = await bot.Client.GetMe().WaitAsync(FakeBot.Timeout);

        Assert.Equal(bot.Server.Options.BotId, me.Id);
        Assert.True(me.IsBot);
        Assert.Equal(bot.Server.BotUser.Username, me.Username);
        Assert.Equal(bot.Server.Options.BotId, bot.Client.BotId);
    }

    [Fact]
    public async Task SendMessage_in_a_topic_with_keyboard_and_reply_is_stored_as_sent()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SendText(-100500, User, "/start", ChatType.Supergroup, messageThreadId: 3);
        var userMessage = bot.Server.LastUserMessageId;

        var sent = await bot.Client.SendMessage(
            -100500, "<b>Hello</b> &amp; welcome", ParseMode.Html,
            replyParameters: new ReplyParameters { MessageId = userMessage },
            replyMarkup: new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData("Stop", "stop")]]),
            messageThreadId: 3).WaitAsync(FakeBot.Timeout);

        Assert.True(sent.Id > userMessage);
        Assert.Equal(ChatType.Supergroup, sent.Chat.Type);
        Assert.Equal("Hello & welcome", sent.Text);
        Assert.Equal(3, sent.MessageThreadId);
        Assert.Equal(userMessage, sent.ReplyToMessage!.Id);
        Assert.Equal("stop", sent.ReplyMarkup!.InlineKeyboard.First().First().CallbackData);
        var stored = bot.Server.BotMessage(-100500, sent.Id)!;
        Assert.Equal("<b>Hello</b> &amp; welcome", stored.RawText);
        Assert.Equal("HTML", stored.ParseMode);
        Assert.Equal(3, stored.MessageThreadId);
    }

    [Fact]
    public async Task EditMessageText_and_markup_update_the_message_and_count_edits()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SendText(Chat, User, "hi");
        var keyboard = new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData("A", "a")]]);
        var sent = await bot.Client.SendMessage(Chat, "working…", replyMarkup: keyboard);

        var edited = await bot.Client.EditMessageText(Chat, sent.Id, "<i>done</i>", ParseMode.Html, keyboard).WaitAsync(FakeBot.Timeout);
        await bot.Client.EditMessageReplyMarkup(Chat, sent.Id, null).WaitAsync(FakeBot.Timeout);

        Assert.Equal(sent.Id, edited.Id);
        Assert.Equal("done", edited.Text);
        var stored = bot.Server.BotMessage(Chat, sent.Id)!;
        Assert.Equal(2, stored.EditCount);
        Assert.Equal(["working…", "done"], stored.History);
        Assert.Empty(stored.Buttons);
    }

    [Fact]
    public async Task DeleteMessage_marks_the_message_deleted()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SendText(Chat, User, "hi");
        var sent = await bot.Client.SendMessage(Chat, "bye");

        await bot.Client.DeleteMessage(Chat, sent.Id).WaitAsync(FakeBot.Timeout);

        Assert.True(bot.Server.BotMessage(Chat, sent.Id)!.IsDeleted);
        Assert.Null(bot.Server.LastBotMessage(Chat));
    }

    [Fact]
    public async Task SendChatAction_is_recorded_with_thread()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SendText(Chat, User, "hi");

        await bot.Client.SendChatAction(Chat, ChatAction.Typing, messageThreadId: 4).WaitAsync(FakeBot.Timeout);

        var action = Assert.Single(bot.Server.ChatActions);
        Assert.Equal((Chat, "typing", (int?)4), (action.ChatId, action.Action, action.MessageThreadId));
    }

    [Fact]
    public async Task Pressed_button_arrives_as_callback_query_and_is_answered()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SendText(Chat, User, "hi");
        var sent = await bot.Client.SendMessage(Chat, "Pick", replyMarkup: new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData("Yes", "y")]]));
        bot.Server.PressButton(Chat, User, sent.Id, "y");

        var updates = await bot.Client.GetUpdates(timeout: 5).WaitAsync(FakeBot.Timeout);
        var query = updates.Last().CallbackQuery!;
        await bot.Client.AnswerCallbackQuery(query.Id, "OK", showAlert: true).WaitAsync(FakeBot.Timeout);

        Assert.Equal("y", query.Data);
        Assert.Equal(sent.Id, query.Message!.Id);
        Assert.Equal(User, query.From.Id);
        var answer = Assert.Single(bot.Server.CallbackAnswers);
        Assert.Equal((query.Id, "OK", true, (int?)sent.Id), (answer.CallbackQueryId, answer.Text, answer.ShowAlert, answer.MessageId));
    }

    [Fact]
    public async Task SetMyCommands_is_stored_per_scope_and_language()
    {
        await using var bot = await FakeBot.StartAsync();

        await bot.Client.SetMyCommands([new BotCommand("new", "New session"), new BotCommand("stop", "Stop")]).WaitAsync(FakeBot.Timeout);
        await bot.Client.SetMyCommands([new BotCommand("admin", "Admin")], BotCommandScope.Chat(-100), "de").WaitAsync(FakeBot.Timeout);

        Assert.Equal(["new", "stop"], bot.Server.Commands["default"].Select(c => c.Command));
        Assert.Equal("admin", Assert.Single(bot.Server.Commands["chat:-100:de"]).Command);
    }

    [Fact]
    public async Task GetFile_then_DownloadFile_returns_the_bytes()
    {
        await using var bot = await FakeBot.StartAsync();
        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray();
        bot.Server.AddFile("photo-1", bytes, ".jpg");

        var file = await bot.Client.GetFile("photo-1").WaitAsync(FakeBot.Timeout);
        using var destination = new MemoryStream();
        await bot.Client.DownloadFile(file.FilePath!, destination).WaitAsync(FakeBot.Timeout);

        Assert.Equal(bytes.Length, file.FileSize);
        Assert.Equal(bytes, destination.ToArray());
    }

    [Fact]
    public async Task GetChatAdministrators_lists_creator_then_admins()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SetChatAdministrators(-100, 7, 8);

        var admins = await bot.Client.GetChatAdministrators(-100).WaitAsync(FakeBot.Timeout);

        Assert.Equal([(7L, ChatMemberStatus.Creator), (8L, ChatMemberStatus.Administrator)], admins.Select(a => (a.User.Id, a.Status)));
    }
}
