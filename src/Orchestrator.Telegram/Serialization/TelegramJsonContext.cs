using System.Text.Json;
using System.Text.Json.Serialization;

using Orchestrator.Telegram.Requests;
using Orchestrator.Telegram.Types;

namespace Orchestrator.Telegram.Serialization;

/// <summary>Source-generated metadata for every Bot API type this client sends or receives (snake_case, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    Converters = [typeof(ChatIdConverter), typeof(ChatTypeConverter), typeof(ChatMemberStatusConverter), typeof(ChatActionConverter), typeof(ParseModeConverter)])]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(Update[]))]
[JsonSerializable(typeof(Update))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(TGFile))]
[JsonSerializable(typeof(ChatMember[]))]
[JsonSerializable(typeof(ResponseParameters))]
[JsonSerializable(typeof(GetMeRequest))]
[JsonSerializable(typeof(GetUpdatesRequest))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(EditMessageTextRequest))]
[JsonSerializable(typeof(EditMessageReplyMarkupRequest))]
[JsonSerializable(typeof(DeleteMessageRequest))]
[JsonSerializable(typeof(SendChatActionRequest))]
[JsonSerializable(typeof(GetFileRequest))]
[JsonSerializable(typeof(SetMyCommandsRequest))]
[JsonSerializable(typeof(AnswerCallbackQueryRequest))]
[JsonSerializable(typeof(GetChatAdministratorsRequest))]
[JsonSerializable(typeof(SendDocumentRequest))]
public sealed partial class TelegramJsonContext : JsonSerializerContext;
