using System.Net;
using System.Text.Json;

using Orchestrator.Telegram.Exceptions;
using Orchestrator.Telegram.Types;

namespace Orchestrator.Telegram.Serialization;

/// <summary>
/// Decodes a Bot API envelope. Tolerant: unknown fields are ignored, and where a <see cref="Message"/> is expected but
/// Telegram answers <c>true</c> (edits of inline messages) a <see cref="Message"/> with <c>Id == 0</c> is returned.
/// </summary>
internal static class ApiResponseReader
{
    public static T Read<T>(string method, HttpStatusCode status, byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new RequestException($"Telegram {method} returned HTTP {(int)status} with a body that is not Bot API JSON.", status);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ok", out var ok) || ok.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new RequestException($"Telegram {method} returned HTTP {(int)status} without an 'ok' field.", status);
            }

            if (ok.ValueKind == JsonValueKind.False)
            {
                throw Error(method, status, root);
            }

            if (!root.TryGetProperty("result", out var result))
            {
                throw new RequestException($"Telegram {method} returned ok without a result.", status);
            }

            if (typeof(T) == typeof(Message) && result.ValueKind is JsonValueKind.True)
            {
                return (T)(object)new Message();
            }

            if (typeof(T) == typeof(Update[]) && result.ValueKind is JsonValueKind.Array)
            {
                return (T)(object)ReadUpdates(result);
            }

            try
            {
                return result.Deserialize(TelegramJson.TypeInfo<T>())
                    ?? throw new RequestException($"Telegram {method} returned a null result.", status);
            }
            catch (JsonException ex)
            {
                throw new RequestException($"Telegram {method} returned a result of unexpected shape: {ex.Message}", status);
            }
        }
    }

    /// <summary>
    /// One malformed update must not block the ones after it (the offset could never move past it): each update is
    /// read on its own, and one that does not fit the model comes back with only its id and <see cref="Update.ParseError"/>.
    /// </summary>
    private static Update[] ReadUpdates(JsonElement array)
    {
        var updates = new List<Update>(array.GetArrayLength());
        foreach (var element in array.EnumerateArray())
        {
            try
            {
                updates.Add(element.Deserialize(TelegramJson.TypeInfo<Update>()) ?? throw new JsonException("null update"));
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                if (element.ValueKind == JsonValueKind.Object
                    && element.TryGetProperty("update_id", out var id)
                    && id.TryGetInt32(out var updateId))
                {
                    updates.Add(new Update { Id = updateId, ParseError = ex.Message });
                }
            }
        }

        return [.. updates];
    }

    private static ApiRequestException Error(string method, HttpStatusCode status, JsonElement root)
    {
        var code = root.TryGetProperty("error_code", out var c) && c.TryGetInt32(out var n) ? n : (int)status;
        var description = root.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String
            ? d.GetString()!
            : $"Telegram {method} failed with error {code}.";
        ResponseParameters? parameters = null;
        if (root.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            try
            {
                parameters = p.Deserialize(TelegramJson.TypeInfo<ResponseParameters>());
            }
            catch (JsonException)
            {
                parameters = null;
            }
        }

        return new ApiRequestException(description, code, parameters);
    }
}
