using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

using Orchestrator.Telegram.Types;

namespace Orchestrator.Telegram.Serialization;

/// <summary>Writes a <see cref="ChatId"/> as a JSON number or an "@username" string; reads either form.</summary>
public sealed class ChatIdConverter : JsonConverter<ChatId>
{
    public override ChatId? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => new ChatId(reader.GetInt64()),
            JsonTokenType.String when long.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) => new ChatId(id),
            JsonTokenType.String when reader.GetString() is { Length: > 0 } name => new ChatId(name),
            _ => null,
        };

    public override void Write(Utf8JsonWriter writer, ChatId value, JsonSerializerOptions options)
    {
        if (value.Identifier is { } id)
        {
            writer.WriteNumberValue(id);
        }
        else
        {
            writer.WriteStringValue(value.Username);
        }
    }
}
