using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.Groups;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Telegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Requests.Abstractions;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Tests.Groups;

/// <summary>The data side of a group's upgrade, and the upgrade learned from a failed send (<c>migrate_to_chat_id</c>).</summary>
public sealed class ChatMigrationTests
{
    private const long OldGroup = -4_500_600;
    private const long Supergroup = -100_4_500_600;

    [Fact]
    public async Task A_send_refused_with_migrate_to_chat_id_moves_the_agents_and_goes_to_the_supergroup()
    {
        await using var bot = await BotHarness.StartAsync();
        var agents = bot.Service<AgentStore>();
        var agent = await agents.GetOrCreateCurrentAsync(new ChatKey(OldGroup, 0), () => Agent(OldGroup, "default"));
        await agents.SetSessionIdAsync(agent.Id, "thread-1");

        var inner = Substitute.For<ITelegramBotClient>();
        var sentTo = new List<long>();
        inner.SendRequest(Arg.Any<IRequest<Message>>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var chat = ((SendMessageRequest)call[0]).ChatId!.Identifier!.Value;
            sentTo.Add(chat);
            return chat == OldGroup
                ? Task.FromException<Message>(new ApiRequestException("Bad Request: group chat was upgraded to a supergroup chat", 400, new ResponseParameters { MigrateToChatId = Supergroup }))
                : Task.FromResult(new Message { Id = 7, Chat = new Chat { Id = chat } });
        });
        var client = new MigratingBotClient(inner, bot.Host.Services, NullLogger<MigratingBotClient>.Instance);

        var sent = await client.SendRequest(new SendMessageRequest { ChatId = OldGroup, Text = "Done." });
        await client.SendRequest(new SendMessageRequest { ChatId = OldGroup, Text = "And more." });

        Assert.Equal(Supergroup, sent.Chat.Id);
        Assert.Equal([OldGroup, Supergroup, Supergroup], sentTo); // once refused, then straight to the new id
        var moved = await agents.GetOrCreateCurrentAsync(new ChatKey(Supergroup, 0), () => throw new InvalidOperationException("the agent moved"));
        Assert.Equal((agent.Id, "thread-1"), (moved.Id, moved.SessionId));
    }

    [Fact]
    public async Task Moving_keeps_the_old_groups_agents_when_the_supergroup_already_had_one_and_twice_is_harmless()
    {
        await using var bot = await BotHarness.StartAsync();
        var agents = bot.Service<AgentStore>();
        var turns = bot.Service<TurnStore>();
        var old = await agents.GetOrCreateCurrentAsync(new ChatKey(OldGroup, 0), () => Agent(OldGroup, "default"));
        var turn = await turns.StartAsync(new TurnRecord { AgentId = old.Id, ChatId = OldGroup, UserId = BotHarness.OwnerId, Prompt = "hi" });
        var early = await agents.GetOrCreateCurrentAsync(new ChatKey(Supergroup, 0), () => Agent(Supergroup, "default"));
        await bot.Service<AccessGrants>().GrantAsync(4242, BotHarness.AdminId, OldGroup, OldGroup, null);

        var migration = bot.Service<ChatMigration>();
        Assert.Equal(1, await migration.MoveAsync(OldGroup, Supergroup));
        Assert.Equal(0, await migration.MoveAsync(OldGroup, Supergroup));

        var current = await agents.GetOrCreateCurrentAsync(new ChatKey(Supergroup, 0), () => throw new InvalidOperationException("has a current agent"));
        Assert.Equal(old.Id, current.Id);
        Assert.Equal(Supergroup, (await turns.GetAsync(turn))!.ChatId);
        Assert.NotNull(await agents.GetAsync(early.Id)); // renamed, not lost
        var grant = Assert.Single(bot.Service<AccessGrants>().All);
        Assert.Equal(Supergroup, grant.GrantedIn);
        Assert.Equal(Supergroup, grant.ScopeChatId); // a group's grant keeps counting in the group it became
        Assert.True(bot.Service<AccessGrants>().IsGranted(4242, Supergroup));
    }

    private static AgentRecord Agent(long chatId, string name) => new()
    {
        Id = Guid.NewGuid().ToString("N")[..12],
        ChatId = chatId,
        Name = name,
        Engine = "codex",
        WorkingDirectory = Path.GetTempPath(),
    };
}
