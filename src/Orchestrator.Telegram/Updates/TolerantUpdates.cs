using System.Runtime.CompilerServices;
using System.Text.Json;

using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Telegram.Updates;

/// <summary>
/// Long polling that survives an update Telegram.Bot cannot read (a shape this version does not know, a value of the
/// wrong type): each update is deserialized on its own with <see cref="JsonBotAPI.Options"/>; one that fails comes back
/// as an empty <see cref="Update"/> with only its id and a <c>ParseError</c>, so the caller skips it, confirms it
/// (the offset moves past it) and logs it once. The error text names the JSON path, never the update's content.
/// </summary>
public static class TolerantUpdates
{
    private static readonly ConditionalWeakTable<Update, string> ParseErrors = [];

    /// <summary>getUpdates (same parameters as Telegram.Bot's <c>GetUpdates</c>), tolerant of unreadable updates.</summary>
    public static async Task<Update[]> GetUpdatesTolerant(
        this ITelegramBotClient bot, int? offset = null, int? limit = null, int? timeout = null, IEnumerable<UpdateType>? allowedUpdates = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bot);
        var raw = await bot.SendRequest(
            new GetRawUpdatesRequest { Offset = offset, Limit = limit, Timeout = timeout, AllowedUpdates = allowedUpdates },
            cancellationToken).ConfigureAwait(false);
        return Read(raw);
    }

    /// <summary>Reads each element on its own; an element without a readable <c>update_id</c> cannot be confirmed and is dropped.</summary>
    public static Update[] Read(IReadOnlyList<JsonElement> raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var updates = new List<Update>(raw.Count);
        foreach (var element in raw)
        {
            try
            {
                updates.Add(element.Deserialize<Update>(JsonBotAPI.Options) ?? throw new JsonException("The update is null."));
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or NotSupportedException or ArgumentException)
            {
                if (element.ValueKind == JsonValueKind.Object
                    && element.TryGetProperty("update_id", out var id)
                    && id.TryGetInt32(out var updateId))
                {
                    var unreadable = new Update { Id = updateId };
                    ParseErrors.AddOrUpdate(unreadable, ex.Message);
                    updates.Add(unreadable);
                }
            }
        }

        return [.. updates];
    }

    extension(Update update)
    {
        /// <summary>Why the update could not be read (it then carries nothing but its id), or null.</summary>
        public string? ParseError => ParseErrors.TryGetValue(update, out var error) ? error : null;
    }
}
