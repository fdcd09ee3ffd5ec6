using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using Microsoft.AspNetCore.Http;

using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Testing.Telegram;

// sendChatAction, answerCallbackQuery, setMyCommands, getFile + downloads, getChatAdministrators.
public sealed partial class FakeBotApiServer
{
    private static readonly HashSet<string> ChatActionNames =
    [
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document",
        "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    ];

    private static readonly HashSet<string> ScopeTypes = ["default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat"];

    private readonly Dictionary<string, (string Path, byte[] Bytes)> files = [];
    private readonly Dictionary<string, BotCommand[]> commands = [];

    /// <summary>Makes <paramref name="fileId"/> resolvable by getFile and downloadable. Returns its file_path.</summary>
    public string AddFile(string fileId, byte[] bytes, string extension = ".bin")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        lock (gate)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"documents/file_{files.Count + 1}{extension}");
            files[fileId] = (path, bytes);
            return path;
        }
    }

    /// <summary>Sets who getChatAdministrators returns for a group: the first user is the creator, the rest administrators.</summary>
    public void SetChatAdministrators(long chatId, params long[] userIds)
    {
        lock (gate)
        {
            GetOrAddChat(chatId, ChatType.Supergroup, null, false).Administrators = userIds;
            NotifyChangedLocked();
        }
    }

    private JsonNode SendChatAction(FakeArgs args)
    {
        var chatId = RequireChatId(args);
        var action = args.String("action");
        if (action is null || !ChatActionNames.Contains(action))
        {
            throw FakeApiError.BadRequest("wrong parameter action in request");
        }

        lock (gate)
        {
            RequireChat(chatId);
            chatActions.Add(new FakeChatAction(chatId, action, args.Int("message_thread_id"), Now));
            NotifyChangedLocked();
            return true;
        }
    }

    private JsonNode AnswerCallbackQuery(FakeArgs args)
    {
        var id = args.String("callback_query_id") ?? "";
        var text = args.String("text");
        lock (gate)
        {
            if (!callbackQueries.TryGetValue(id, out var query) || query.Answered)
            {
                throw FakeApiError.BadRequest("query is too old and response timeout expired or query ID is invalid");
            }

            if (text is { Length: > 200 })
            {
                throw FakeApiError.BadRequest("MESSAGE_TOO_LONG");
            }

            callbackQueries[id] = query with { Answered = true };
            callbackAnswers.Add(new FakeCallbackAnswer(id, text, args.Bool("show_alert"), query.ChatId, query.MessageId, Now));
            NotifyChangedLocked();
            return true;
        }
    }

    private JsonNode SetMyCommands(FakeArgs args)
    {
        if (args.Node("commands") is not JsonArray list)
        {
            throw FakeApiError.BadRequest("parameter \"commands\" is required");
        }

        if (list.Count > 100)
        {
            throw FakeApiError.BadRequest("too many commands specified");
        }

        var parsed = list.Select(ParseCommand).ToArray();
        var scope = args.Node("scope") as JsonObject;
        var type = scope?["type"]?.GetValueKind() == JsonValueKind.String ? scope["type"]!.GetValue<string>() : "default";
        if (!ScopeTypes.Contains(type))
        {
            throw FakeApiError.BadRequest("unsupported bot command scope type");
        }

        var key = type;
        if (type == "chat")
        {
            var chat = scope!["chat_id"]?.ToJsonString().Trim('"') ?? throw FakeApiError.BadRequest("chat_id is empty");
            key = "chat:" + chat;
        }

        if (args.String("language_code") is { Length: > 0 } language)
        {
            key += ":" + language;
        }

        lock (gate)
        {
            commands[key] = parsed;
            NotifyChangedLocked();
            return true;
        }
    }

    private static BotCommand ParseCommand(JsonNode? node)
    {
        var command = node?["command"]?.GetValueKind() == JsonValueKind.String ? node["command"]!.GetValue<string>() : "";
        var description = node?["description"]?.GetValueKind() == JsonValueKind.String ? node["description"]!.GetValue<string>() : "";
        if (!Regex.IsMatch(command, "^[a-z0-9_]{1,32}$"))
        {
            throw FakeApiError.BadRequest("BOT_COMMAND_INVALID");
        }

        if (description.Trim().Length == 0 || description.Length > 256)
        {
            throw FakeApiError.BadRequest("BOT_COMMAND_DESCRIPTION_INVALID");
        }

        return new BotCommand(command, description);
    }

    private JsonNode GetFile(FakeArgs args)
    {
        var fileId = args.String("file_id");
        lock (gate)
        {
            if (fileId is null || !files.TryGetValue(fileId, out var file))
            {
                throw FakeApiError.BadRequest("invalid file_id");
            }

            if (file.Bytes.LongLength > Options.MaxDownloadBytes)
            {
                throw FakeApiError.BadRequest("file is too big");
            }

            return new JsonObject
            {
                ["file_id"] = fileId,
                ["file_unique_id"] = "u" + fileId.GetHashCode(StringComparison.Ordinal).ToString("x8", CultureInfo.InvariantCulture),
                ["file_size"] = file.Bytes.LongLength,
                ["file_path"] = file.Path,
            };
        }
    }

    private async Task ServeFile(HttpContext context, string path)
    {
        byte[]? bytes;
        lock (gate)
        {
            bytes = files.Values.FirstOrDefault(f => f.Path == path).Bytes;
        }

        if (bytes is null)
        {
            throw new FakeApiError(404, "Not Found");
        }

        Log("download", null, path, 200, null);
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private JsonNode GetChatAdministrators(FakeArgs args)
    {
        var chatId = RequireChatId(args);
        lock (gate)
        {
            var chat = RequireChat(chatId);
            if (chat.Type == ChatType.Private)
            {
                throw FakeApiError.BadRequest("there are no administrators in the private chat");
            }

            return new JsonArray(chat.Administrators.Select((id, i) => (JsonNode)new JsonObject
            {
                ["user"] = FakeJson.User(id),
                ["status"] = i == 0 ? "creator" : "administrator",
                ["is_anonymous"] = false,
            }).ToArray());
        }
    }
}
