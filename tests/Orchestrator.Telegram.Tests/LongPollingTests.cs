using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Orchestrator.Telegram.Tests.Support;
using Orchestrator.Telegram.Updates;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Telegram.Tests;

public sealed class LongPollingTests
{
    private const long Chat = 3003;

    [Fact]
    public async Task Waiting_poll_returns_as_soon_as_an_update_arrives()
    {
        await using var bot = await FakeBot.StartAsync();
        var poll = bot.Client.GetUpdatesTolerant(timeout: 20);
        await bot.Server.WaitForAsync(s => s.IsPolling, FakeBot.Timeout);
        Assert.False(poll.IsCompleted);

        var id = bot.Server.SendText(Chat, Chat, "/new fix the tests");
        var updates = await poll.WaitAsync(TimeSpan.FromSeconds(10));

        var update = Assert.Single(updates);
        Assert.Equal(id, update.Id);
        Assert.Equal(UpdateType.Message, update.Type);
        Assert.Equal("/new fix the tests", update.Message!.Text);
        Assert.Equal(ChatType.Private, update.Message.Chat.Type);
        var command = Assert.Single(update.Message.Entities!);
        Assert.Equal((MessageEntityType.BotCommand, 0, 4), (command.Type, command.Offset, command.Length));
    }

    [Fact]
    public async Task Offset_confirms_older_updates_and_limit_caps_the_batch()
    {
        await using var bot = await FakeBot.StartAsync();
        var ids = Enumerable.Range(0, 5).Select(i => bot.Server.SendText(Chat, Chat, $"m{i}")).ToArray();

        var first = await bot.Client.GetUpdatesTolerant(limit: 2).WaitAsync(FakeBot.Timeout);
        var again = await bot.Client.GetUpdatesTolerant(limit: 2).WaitAsync(FakeBot.Timeout);
        var rest = await bot.Client.GetUpdatesTolerant(offset: first[^1].Id + 1).WaitAsync(FakeBot.Timeout);
        await bot.Client.GetUpdatesTolerant(offset: rest[^1].Id + 1).WaitAsync(FakeBot.Timeout);

        Assert.Equal(ids[..2], first.Select(u => u.Id));
        Assert.Equal(ids[..2], again.Select(u => u.Id));
        Assert.Equal(ids[2..], rest.Select(u => u.Id));
        Assert.Empty(bot.Server.PendingUpdates);
    }

    [Fact]
    public async Task Second_poller_terminates_the_first_with_409()
    {
        await using var bot = await FakeBot.StartAsync();
        var first = bot.Client.GetUpdatesTolerant(timeout: 20);
        await bot.Server.WaitForAsync(s => s.IsPolling, FakeBot.Timeout);
        var second = bot.Client.GetUpdatesTolerant(timeout: 1);

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => first.WaitAsync(FakeBot.Timeout));
        var updates = await second.WaitAsync(FakeBot.Timeout);

        Assert.Equal(409, ex.ErrorCode);
        Assert.Empty(updates);
    }

    [Fact]
    public async Task Unknown_update_types_and_garbage_fields_decode_as_unknown()
    {
        await using var bot = await FakeBot.StartAsync();
        var reaction = bot.Server.EnqueueRawUpdate("""{"message_reaction_v2":{"chat":{"id":1,"type":"private"},"date":1,"new_reaction":[{"type":"emoji","emoji":"👍"}]}}""");
        var odd = bot.Server.EnqueueRawUpdate("""{"message":{"message_id":1,"date":1,"chat":{"id":-5,"type":"channel_v2"},"text":"x","sticker":{"weird":[1,{"a":null}]}}}""");

        var updates = await bot.Client.GetUpdatesTolerant().WaitAsync(FakeBot.Timeout);

        Assert.Equal([(reaction, UpdateType.Unknown), (odd, UpdateType.Message)], updates.Select(u => (u.Id, u.Type)));
        Assert.Equal(ChatType.Group, updates[1].Message!.Chat.Type);
    }

    [Fact]
    public async Task Allowed_updates_filters_and_sticks()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SendText(Chat, Chat, "text");
        var press = bot.Server.PressButton(Chat, Chat, 1, "d");

        var updates = await bot.Client.GetUpdatesTolerant(allowedUpdates: [UpdateType.CallbackQuery]).WaitAsync(FakeBot.Timeout);
        bot.Server.SendText(Chat, Chat, "dropped");
        var later = await bot.Client.GetUpdatesTolerant(offset: press + 1).WaitAsync(FakeBot.Timeout);

        Assert.Equal(press, Assert.Single(updates).Id);
        Assert.Empty(later);
    }
}
