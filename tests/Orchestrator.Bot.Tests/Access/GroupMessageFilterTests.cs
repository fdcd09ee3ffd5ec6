using Orchestrator.Bot.Access;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Tests.Access;

public sealed class GroupMessageFilterTests
{
    private static readonly User Me = new() { Id = 77, IsBot = true, FirstName = "Bot", Username = "team_bot" };

    [Theory]
    [InlineData("@team_bot fix it", "fix it")]
    [InlineData("@TEAM_BOT, fix it", "fix it")]
    [InlineData("@team_bot: fix it", "fix it")]
    [InlineData("please @team_bot fix it", "please fix it")]
    [InlineData("fix it @team_bot", "fix it")]
    [InlineData("@team_bot\n  indented code stays", "indented code stays")]
    public void A_mention_addresses_the_bot_and_is_removed_from_the_prompt(string text, string prompt)
    {
        var at = text.IndexOf("@", StringComparison.Ordinal);
        var result = GroupMessageFilter.Classify(Group(text, new MessageEntity { Type = MessageEntityType.Mention, Offset = at, Length = "@team_bot".Length }), Me);

        Assert.True(result.Addressed);
        Assert.Equal(prompt, result.Text);
    }

    [Fact]
    public void Mentions_of_others_chatter_and_other_bots_commands_are_not_addressed()
    {
        Assert.False(GroupMessageFilter.Classify(Group("@alice fix it", new MessageEntity { Type = MessageEntityType.Mention, Offset = 0, Length = 6 }), Me).Addressed);
        Assert.False(GroupMessageFilter.Classify(Group("team_bot is great"), Me).Addressed);
        Assert.False(GroupMessageFilter.Classify(Group("/help@other_bot"), Me).Addressed);
        Assert.False(GroupMessageFilter.Classify(Group("fix it", new MessageEntity { Type = MessageEntityType.Mention, Offset = 10, Length = 9 }), Me).Addressed); // bad offsets never crash
    }

    [Fact]
    public void Commands_replies_and_text_mentions_address_the_bot()
    {
        Assert.True(GroupMessageFilter.Classify(Group("/help"), Me).Addressed);
        Assert.True(GroupMessageFilter.Classify(Group("/help@team_bot"), Me).Addressed);

        var reply = Group("and the docs too");
        reply.ReplyToMessage = new Message { Id = 5, From = Me, Chat = reply.Chat };
        Assert.Equal(new GroupAddressing(true, "and the docs too"), GroupMessageFilter.Classify(reply, Me));

        var byName = GroupMessageFilter.Classify(Group("Bot run it", new MessageEntity { Type = MessageEntityType.TextMention, Offset = 0, Length = 3, User = Me }), Me);
        Assert.Equal(new GroupAddressing(true, "run it"), byName);
    }

    [Fact]
    public void A_caption_mention_is_read_from_the_caption_entities()
    {
        var photo = new Message
        {
            Chat = new Chat { Id = -5, Type = ChatType.Supergroup },
            Caption = "@team_bot what is on this screenshot?",
            CaptionEntities = [new MessageEntity { Type = MessageEntityType.Mention, Offset = 0, Length = 9 }],
            Photo = [new PhotoSize { FileId = "f" }],
        };

        Assert.Equal(new GroupAddressing(true, "what is on this screenshot?"), GroupMessageFilter.Classify(photo, Me));
    }

    private static Message Group(string text, params MessageEntity[] entities) => new()
    {
        Chat = new Chat { Id = -5, Type = ChatType.Supergroup },
        From = new User { Id = 1, FirstName = "A" },
        Text = text,
        Entities = entities,
    };
}
