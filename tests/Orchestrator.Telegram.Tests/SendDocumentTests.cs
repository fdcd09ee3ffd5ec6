using Telegram.Bot;
using System.Text;
using Telegram.Bot.Exceptions;
using Orchestrator.Telegram.Tests.Support;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Telegram.Tests;

/// <summary>sendDocument: a multipart/form-data upload named as in Telegram.Bot, checked by the fake as strictly as Telegram.</summary>
public sealed class SendDocumentTests
{
    private const long User = 1001;
    private const long Forum = -100_600;

    [Fact]
    public async Task SendDocument_uploads_the_file_with_its_name_caption_reply_and_topic()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SendText(Forum, User, "/long", ChatType.Supergroup, messageThreadId: 5);
        var asked = bot.Server.LastUserMessageId;
        var content = "rm -rf build && make all\n" + new string('x', 5000) + "\nünïcödé ✓";
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));

        var sent = await bot.Client.SendDocument(
            Forum, InputFile.FromStream(stream, "full-command.txt"), caption: "The full <command> & more",
            replyParameters: new ReplyParameters { MessageId = asked }, messageThreadId: 5).WaitAsync(FakeBot.Timeout);

        var document = Assert.Single(bot.Server.Documents);
        Assert.Equal("full-command.txt", document.FileName);
        Assert.Equal(content, document.Text);
        Assert.Equal("The full <command> & more", document.Caption);
        Assert.Equal(5, document.MessageThreadId);
        Assert.Equal(asked, document.ReplyToMessageId);
        Assert.Equal(sent.Id, document.MessageId);
        Assert.Equal("full-command.txt", sent.Document!.FileName);
        Assert.Equal("The full <command> & more", sent.Caption);
        Assert.Equal("full-command.txt", bot.Server.BotMessage(Forum, sent.Id)!.DocumentFileName);
    }

    [Fact]
    public async Task SendDocument_is_refused_like_Telegram_for_a_long_caption_a_wrong_topic_an_unknown_chat_and_no_file()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SendText(User, User, "hi");
        InputFile File() => InputFile.FromStream(new MemoryStream("data"u8.ToArray()), "a.txt");

        var caption = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.SendDocument(User, File(), caption: new string('c', 1025)));
        Assert.Equal(400, caption.ErrorCode);
        Assert.Contains("caption is too long", caption.Message, StringComparison.Ordinal);
        await bot.Client.SendDocument(User, File(), caption: new string('c', 1024)).WaitAsync(FakeBot.Timeout); // exactly the limit is fine

        var thread = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.SendDocument(User, File(), messageThreadId: 9));
        Assert.Contains("message thread not found", thread.Message, StringComparison.Ordinal);
        var chat = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.SendDocument(424242, File()));
        Assert.Contains("chat not found", chat.Message, StringComparison.Ordinal);
        var empty = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.SendDocument(User, InputFile.FromStream(new MemoryStream(), "empty.txt")));
        Assert.Contains("file must be non-empty", empty.Message, StringComparison.Ordinal);

        Assert.Single(bot.Server.Documents);
    }
}
