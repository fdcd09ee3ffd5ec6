using System.Text.Json.Serialization;

using Orchestrator.Telegram.Types.ReplyMarkups;

namespace Orchestrator.Telegram.Types;

public sealed class Message
{
    [JsonPropertyName("message_id")]
    public int Id { get; set; }

    public int? MessageThreadId { get; set; }

    public User? From { get; set; }

    public Chat Chat { get; set; } = new();

    /// <summary>Unix time in seconds.</summary>
    public long Date { get; set; }

    public string? Text { get; set; }

    public MessageEntity[]? Entities { get; set; }

    public string? Caption { get; set; }

    public MessageEntity[]? CaptionEntities { get; set; }

    public PhotoSize[]? Photo { get; set; }

    public Document? Document { get; set; }

    public string? MediaGroupId { get; set; }

    public Message? ReplyToMessage { get; set; }

    public bool IsTopicMessage { get; set; }

    public long? MigrateToChatId { get; set; }

    public long? MigrateFromChatId { get; set; }

    public InlineKeyboardMarkup? ReplyMarkup { get; set; }
}

public sealed class MessageEntity
{
    /// <summary>bot_command, mention, text_mention, url, code, pre, bold, ...</summary>
    public string Type { get; set; } = "";

    public int Offset { get; set; }

    public int Length { get; set; }

    public User? User { get; set; }
}

public sealed class PhotoSize
{
    public string FileId { get; set; } = "";

    public string FileUniqueId { get; set; } = "";

    public int Width { get; set; }

    public int Height { get; set; }

    public long? FileSize { get; set; }
}

public sealed class Document
{
    public string FileId { get; set; } = "";

    public string FileUniqueId { get; set; } = "";

    public string? FileName { get; set; }

    public string? MimeType { get; set; }

    public long? FileSize { get; set; }
}
