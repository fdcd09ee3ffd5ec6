using System.Text.Json.Serialization;

namespace Orchestrator.Telegram.Types;

public sealed class BotCommand
{
    public BotCommand()
    {
    }

    public BotCommand(string command, string description)
    {
        Command = command;
        Description = description;
    }

    public string Command { get; set; } = "";

    public string Description { get; set; } = "";
}

/// <summary>setMyCommands scope: default, all_private_chats, all_group_chats, all_chat_administrators, chat.</summary>
public sealed class BotCommandScope
{
    public string Type { get; set; } = "default";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ChatId? ChatId { get; set; }

    public static BotCommandScope Default() => new() { Type = "default" };

    public static BotCommandScope AllPrivateChats() => new() { Type = "all_private_chats" };

    public static BotCommandScope AllGroupChats() => new() { Type = "all_group_chats" };

    public static BotCommandScope AllChatAdministrators() => new() { Type = "all_chat_administrators" };

    public static BotCommandScope Chat(ChatId chatId) => new() { Type = "chat", ChatId = chatId };
}
