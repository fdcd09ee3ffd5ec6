using System.Text.Json.Serialization;
using Orchestrator.Telegram.Types.Enums;

namespace Orchestrator.Telegram.Types;

public sealed class Update
{
    [JsonPropertyName("update_id")]
    public int Id { get; set; }

    public Message? Message { get; set; }

    public Message? EditedMessage { get; set; }

    public CallbackQuery? CallbackQuery { get; set; }

    /// <summary>Set (and nothing else but <see cref="Id"/>) when the update did not fit the model: it is skipped, not retried.</summary>
    [JsonIgnore]
    public string? ParseError { get; set; }

    [JsonIgnore]
    public UpdateType Type =>
        Message is not null ? UpdateType.Message
        : EditedMessage is not null ? UpdateType.EditedMessage
        : CallbackQuery is not null ? UpdateType.CallbackQuery
        : UpdateType.Unknown;
}

public sealed class CallbackQuery
{
    public string Id { get; set; } = "";

    public User From { get; set; } = new();

    public Message? Message { get; set; }

    public string? InlineMessageId { get; set; }

    public string? ChatInstance { get; set; }

    public string? Data { get; set; }
}
