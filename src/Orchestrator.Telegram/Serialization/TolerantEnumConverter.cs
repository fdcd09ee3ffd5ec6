using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Telegram.Serialization;

/// <summary>
/// Reads and writes an enum as its snake_case name ("supergroup", "upload_photo"). A value this version does not know
/// (Telegram adds new ones) decodes to <c>fallback</c> instead of failing the whole update.
/// </summary>
public abstract class TolerantEnumConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    private readonly Dictionary<string, T> byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<T, string> byValue = [];
    private readonly T fallback;

    protected TolerantEnumConverter(T fallback, IReadOnlyDictionary<T, string>? overrides = null)
    {
        this.fallback = fallback;
        foreach (var value in Enum.GetValues<T>())
        {
            var name = overrides is not null && overrides.TryGetValue(value, out var custom)
                ? custom
                : JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
            byName[name] = value;
            byValue[value] = name;
        }
    }

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.GetString() is { } name && byName.TryGetValue(name, out var value))
        {
            return value;
        }

        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }

        return fallback;
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(byValue.TryGetValue(value, out var name) ? name : byValue[fallback]);
}
