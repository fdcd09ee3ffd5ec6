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
                var update = element.Deserialize<Update>(JsonBotAPI.Options) ?? throw new JsonException("The update is null.");
                updates.Add(MissingField(update) is { } missing ? Unreadable(update.Id, $"Required field {missing} is missing.") : update);
            }
            catch (Exception ex) // whatever Telegram.Bot throws on one update's JSON (JsonException, KeyNotFoundException, ...)
            {
                if (element.ValueKind == JsonValueKind.Object
                    && element.TryGetProperty("update_id", out var id)
                    && id.ValueKind == JsonValueKind.Number
                    && id.TryGetInt32(out var updateId))
                {
                    updates.Add(Unreadable(updateId, ex.Message));
                }
            }
        }

        return [.. updates];
    }

    private static Update Unreadable(int updateId, string error)
    {
        var unreadable = new Update { Id = updateId };
        ParseErrors.AddOrUpdate(unreadable, error);
        return unreadable;
    }

    /// <summary>
    /// Telegram.Bot leaves a field the JSON lacks at null even where the Bot API always sends one: the fields the bot
    /// relies on (a message's chat, a button press's id and sender) are checked here, once, instead of at every use.
    /// A chat type this version does not know (Telegram.Bot reads it as 0) becomes <see cref="ChatType.Group"/>: the
    /// more restrictive assumption, a chat we cannot classify is not treated as a one-to-one chat.
    /// </summary>
    private static string? MissingField(Update update)
    {
        var messages = new List<(string Path, Message Message)>();
        foreach (var (path, first) in new[] { ("$.message", update.Message), ("$.edited_message", update.EditedMessage), ("$.callback_query.message", update.CallbackQuery?.Message) })
        {
            for (var (at, current) = (path, first); current is not null; (at, current) = (at + ".reply_to_message", current.ReplyToMessage))
            {
                messages.Add((at, current));
            }
        }

        foreach (var (path, message) in messages)
        {
            if (message.Chat is null)
            {
                return path + ".chat";
            }

            if (!Enum.IsDefined(message.Chat.Type))
            {
                message.Chat.Type = ChatType.Group;
            }
        }

        return update.CallbackQuery switch
        {
            { Id: null } => "$.callback_query.id",
            { From: null } => "$.callback_query.from",
            _ => null,
        };
    }

    extension(Update update)
    {
        /// <summary>Why the update could not be read (it then carries nothing but its id), or null.</summary>
        public string? ParseError => ParseErrors.TryGetValue(update, out var error) ? error : null;
    }
}
