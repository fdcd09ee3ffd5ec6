using System.Text.Json;
using System.Text.Json.Nodes;

using Orchestrator.Telegram.Requests;
using Orchestrator.Telegram.Serialization;
using Orchestrator.Telegram.Types;
using Orchestrator.Telegram.Types.Enums;
using Orchestrator.Telegram.Types.ReplyMarkups;

namespace Orchestrator.Telegram.Tests;

public sealed class SerializationTests
{
    private static JsonObject Write<T>(T request) =>
        JsonNode.Parse(JsonSerializer.Serialize(request, TelegramJson.TypeInfo<T>()))!.AsObject();

    [Fact]
    public void SendMessage_is_snake_case_without_nulls_or_method_name()
    {
        var json = Write(new SendMessageRequest
        {
            ChatId = -1001234567890,
            Text = "<b>hi</b>",
            ParseMode = ParseMode.Html,
            MessageThreadId = 7,
            ReplyMarkup = new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData("Stop", "stop:1")]]),
        });

        Assert.Equal(-1001234567890, json["chat_id"]!.GetValue<long>());
        Assert.Equal("HTML", json["parse_mode"]!.GetValue<string>());
        Assert.Equal(7, json["message_thread_id"]!.GetValue<int>());
        Assert.Equal("stop:1", json["reply_markup"]!["inline_keyboard"]![0]![0]!["callback_data"]!.GetValue<string>());
        Assert.Null(json["reply_markup"]!["inline_keyboard"]![0]![0]!["url"]);
        Assert.False(json.ContainsKey("method_name"));
        Assert.False(json.ContainsKey("reply_parameters"));
        Assert.False(json.ContainsKey("disable_notification"));
    }

    [Theory]
    [InlineData(ParseMode.MarkdownV2, "MarkdownV2")]
    [InlineData(ParseMode.Markdown, "Markdown")]
    [InlineData(ParseMode.None, null)]
    public void Parse_mode_uses_telegram_spelling_and_none_is_omitted(ParseMode mode, string? expected)
    {
        var json = Write(new EditMessageTextRequest { ChatId = 1, MessageId = 2, Text = "x", ParseMode = mode });

        Assert.Equal(expected, json["parse_mode"]?.GetValue<string>());
    }

    [Fact]
    public void Chat_id_username_is_written_as_string_and_actions_as_snake_case()
    {
        var json = Write(new SendChatActionRequest { ChatId = "mychannel", Action = ChatAction.UploadPhoto });

        Assert.Equal("@mychannel", json["chat_id"]!.GetValue<string>());
        Assert.Equal("upload_photo", json["action"]!.GetValue<string>());
    }

    [Fact]
    public void Command_scope_chat_is_written_with_its_chat_id()
    {
        var json = Write(new SetMyCommandsRequest { Commands = [new BotCommand("new", "New session")], Scope = BotCommandScope.Chat(42) });

        Assert.Equal("chat", json["scope"]!["type"]!.GetValue<string>());
        Assert.Equal(42, json["scope"]!["chat_id"]!.GetValue<long>());
        Assert.Equal("new", json["commands"]![0]!["command"]!.GetValue<string>());
    }

    [Fact]
    public void Unknown_fields_update_types_and_enum_values_decode()
    {
        const string json = """
            [
              {"update_id": 1, "message_reaction": {"chat": {"id": 1, "type": "private"}, "new_reaction": []}},
              {"update_id": 2, "message": {"message_id": 5, "date": 1, "brand_new_field": {"x": [1, 2]},
                "chat": {"id": -100, "type": "hyperchat", "title": "T", "future": true}, "text": "hi"}},
              {"update_id": 3, "message": {"message_id": 6, "date": 1, "chat": {"id": -100, "type": "supergroup", "is_forum": true},
                "message_thread_id": 9, "text": "t"}}
            ]
            """;

        var updates = JsonSerializer.Deserialize(json, TelegramJson.TypeInfo<Update[]>())!;

        Assert.Equal(UpdateType.Unknown, updates[0].Type);
        Assert.Equal(1, updates[0].Id);
        Assert.Equal(UpdateType.Message, updates[1].Type);
        Assert.Equal(ChatType.Group, updates[1].Message!.Chat.Type);
        Assert.Equal("hi", updates[1].Message!.Text);
        Assert.Equal(ChatType.Supergroup, updates[2].Message!.Chat.Type);
        Assert.True(updates[2].Message!.Chat.IsForum);
        Assert.Equal(9, updates[2].Message!.MessageThreadId);
    }

    [Fact]
    public void Unknown_chat_member_status_reads_as_member_without_rights()
    {
        const string json = """[{"status": "creator", "user": {"id": 1, "is_bot": false, "first_name": "A"}}, {"status": "overlord", "user": {"id": 2, "is_bot": false, "first_name": "B"}}]""";

        var members = JsonSerializer.Deserialize(json, TelegramJson.TypeInfo<ChatMember[]>())!;

        Assert.Equal(ChatMemberStatus.Creator, members[0].Status);
        Assert.Equal(ChatMemberStatus.Member, members[1].Status);
        Assert.Equal(2, members[1].User.Id);
    }
}
