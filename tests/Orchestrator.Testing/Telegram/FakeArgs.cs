using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Testing.Telegram;

/// <summary>The parameters of one Bot API call, from a JSON body, a form body or the query string (Telegram accepts all three).</summary>
internal sealed class FakeArgs(JsonObject values)
{
    public JsonObject Values { get; } = values;

    /// <summary>The files of a multipart/form-data upload, by form field.</summary>
    public IReadOnlyDictionary<string, FakeUpload> Files { get; set; } = new Dictionary<string, FakeUpload>();

    public static FakeArgs Parse(string body, string? contentType, IEnumerable<KeyValuePair<string, string?>> formOrQuery)
    {
        var values = new JsonObject();
        foreach (var (key, value) in formOrQuery)
        {
            values[key] = value;
        }

        if (body.Length > 0 && contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                throw FakeApiError.BadRequest("invalid JSON in request body");
            }

            if (node is not JsonObject obj)
            {
                throw FakeApiError.BadRequest("request body must be a JSON object");
            }

            foreach (var (key, value) in obj.ToArray())
            {
                obj.Remove(key);
                values[key] = value;
            }
        }

        return new FakeArgs(values);
    }

    public bool Has(string name) => Values[name] is not null;

    public string? String(string name) => Values[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        var other => other.ToJsonString(),
    };

    public long? Long(string name)
    {
        var node = Values[name];
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n))
        {
            return n;
        }

        return String(name) is { } s && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    public int? Int(string name) => Long(name) is { } n and >= int.MinValue and <= int.MaxValue ? (int)n : null;

    public bool Bool(string name) => Values[name] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => string.Equals(v.GetValue<string>(), "true", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>An object/array parameter; form posts carry them as JSON strings.</summary>
    public JsonNode? Node(string name)
    {
        var node = Values[name];
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                return JsonNode.Parse(v.GetValue<string>());
            }
            catch (JsonException)
            {
                throw FakeApiError.BadRequest($"can't parse {name} JSON object");
            }
        }

        return node?.DeepClone();
    }
}
