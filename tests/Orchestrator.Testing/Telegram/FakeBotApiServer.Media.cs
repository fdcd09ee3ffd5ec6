using System.Text.Json.Nodes;

using Telegram.Bot.Types.Enums;

namespace Orchestrator.Testing.Telegram;

/// <summary>Details of a photo or document message a user sends (<see cref="FakeBotApiServer.SendPhoto"/>, <see cref="FakeBotApiServer.SendDocument"/>).</summary>
public sealed record FakeMediaMessage
{
    public string? Caption { get; init; }

    /// <summary>Parts of one album share this id (Telegram sends each part as its own update).</summary>
    public string? MediaGroupId { get; init; }

    public int? ReplyToMessageId { get; init; }

    /// <summary>The file_size the update claims; null: the real size (see <see cref="OmitFileSize"/>).</summary>
    public long? ClaimedFileSize { get; init; }

    /// <summary>Leaves file_size out of the update (Telegram may).</summary>
    public bool OmitFileSize { get; init; }

    public ChatType ChatType { get; init; } = ChatType.Private;
}

// Users sending photos and files: the bytes become downloadable (getFile + /file/bot...), the update looks like Telegram's.
public sealed partial class FakeBotApiServer
{
    /// <summary>A different, valid 1x1 PNG served as every photo's small size: a bot that takes the wrong size gets these bytes.</summary>
    public static readonly byte[] ThumbnailPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private readonly Dictionary<(long ChatId, int MessageId), JsonObject> userMedia = [];

    /// <summary>
    /// A user sends a photo: <paramref name="bytes"/> become file <paramref name="fileId"/> (the largest size); a small
    /// size with id <c>{fileId}_s</c> is listed first, as Telegram does. Returns the update id; the message id is in
    /// <see cref="LastUserMessageId"/>.
    /// </summary>
    public int SendPhoto(long chatId, long userId, string fileId, byte[] bytes, FakeMediaMessage? details = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        details ??= new FakeMediaMessage();
        AddFile(fileId, bytes, ".jpg");
        AddFile(fileId + "_s", ThumbnailPng, ".jpg");
        var small = new JsonObject { ["file_id"] = fileId + "_s", ["file_unique_id"] = "s" + fileId.GetHashCode(StringComparison.Ordinal), ["width"] = 90, ["height"] = 90, ["file_size"] = ThumbnailPng.Length };
        var large = new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = "l" + fileId.GetHashCode(StringComparison.Ordinal), ["width"] = 1280, ["height"] = 1280 };
        SetFileSize(large, bytes, details);
        return EnqueueMedia(chatId, userId, details, m => m["photo"] = new JsonArray(small, large));
    }

    /// <summary>A user sends a file ("as document") with a claimed <paramref name="mimeType"/> (Telegram does not check it).</summary>
    public int SendDocument(long chatId, long userId, string fileId, byte[] bytes, string? fileName, string? mimeType, FakeMediaMessage? details = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        details ??= new FakeMediaMessage();
        AddFile(fileId, bytes, Path.GetExtension(fileName) is { Length: > 0 } extension ? extension : ".bin");
        var document = new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = "d" + fileId.GetHashCode(StringComparison.Ordinal) };
        if (fileName is not null)
        {
            document["file_name"] = fileName;
        }

        if (mimeType is not null)
        {
            document["mime_type"] = mimeType;
        }

        SetFileSize(document, bytes, details);
        return EnqueueMedia(chatId, userId, details, m => m["document"] = document);
    }

    private static void SetFileSize(JsonObject file, byte[] bytes, FakeMediaMessage details)
    {
        if (!details.OmitFileSize)
        {
            file["file_size"] = details.ClaimedFileSize ?? bytes.LongLength;
        }
    }

    private int EnqueueMedia(long chatId, long userId, FakeMediaMessage details, Action<JsonObject> addMedia)
    {
        lock (gate)
        {
            var chat = GetOrAddChat(chatId, details.ChatType, null, false);
            var messageId = chat.NextMessageId++;
            chat.UserMessages[messageId] = details.Caption ?? "";
            var message = new JsonObject
            {
                ["message_id"] = messageId,
                ["from"] = FakeJson.User(userId),
                ["chat"] = FakeJson.Chat(chat),
                ["date"] = Now.ToUnixTimeSeconds(),
            };
            addMedia(message);
            if (details.Caption is { } caption)
            {
                message["caption"] = caption;
            }

            if (details.MediaGroupId is { } group)
            {
                message["media_group_id"] = group;
            }

            userMedia[(chatId, messageId)] = (JsonObject)message.DeepClone();
            if (details.ReplyToMessageId is { } reply)
            {
                message["reply_to_message"] = ReplyTarget(chat, reply);
            }

            LastUserMessageId = messageId;
            return EnqueueLocked("message", new JsonObject { ["message"] = message });
        }
    }
}
