using System.Text.Json.Nodes;

namespace Orchestrator.Testing.Telegram;

// sendDocument: a multipart/form-data upload, with Telegram's checks of the caption, the chat and the topic.
public sealed partial class FakeBotApiServer
{
    /// <summary>Telegram's limit on a caption, in UTF-16 code units after entity parsing.</summary>
    public const int MaxCaptionLength = 1024;

    private readonly List<FakeDocument> documents = [];

    /// <summary>Every document the bot sent, oldest first.</summary>
    public IReadOnlyList<FakeDocument> Documents => Snapshot(documents);

    private static async Task<IReadOnlyDictionary<string, FakeUpload>> ReadUploadsAsync(Microsoft.AspNetCore.Http.IFormFileCollection files, CancellationToken aborted)
    {
        var uploads = new Dictionary<string, FakeUpload>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, aborted).ConfigureAwait(false);
            uploads[file.Name] = new FakeUpload(file.Name, file.FileName, buffer.ToArray());
        }

        return uploads;
    }

    private JsonNode SendDocument(FakeArgs args)
    {
        var chatId = RequireChatId(args);
        // The file comes as the part named "document", or (as Telegram.Bot sends it) as a part named in "attach://<name>".
        var attached = args.String("document") is { } reference && reference.StartsWith("attach://", StringComparison.Ordinal)
            ? reference["attach://".Length..] : "document";
        if (!args.Files.TryGetValue(attached, out var upload))
        {
            throw FakeApiError.BadRequest(args.Has("document") ? "wrong remote file identifier specified: can't unserialize it" : "there is no document in the request");
        }

        if (upload.Content.Length == 0)
        {
            throw FakeApiError.BadRequest("file must be non-empty");
        }

        var caption = ParseCaption(args);
        var (markup, buttons) = ParseMarkup(args);
        var threadId = args.Int("message_thread_id");
        lock (gate)
        {
            var chat = RequireChat(chatId);
            if (threadId is { } thread && (thread <= 0 || !chat.IsForum))
            {
                throw FakeApiError.BadRequest("message thread not found");
            }

            var replyTo = ReplyTargetOf(chat, args);

            Throttle(chat);
            var message = new FakeBotMessage
            {
                ChatId = chatId,
                MessageId = chat.NextMessageId++,
                Text = caption.Text ?? "",
                RawText = caption.Raw ?? "",
                ParseMode = caption.ParseMode,
                ReplyMarkupJson = markup,
                Buttons = buttons,
                MessageThreadId = threadId,
                ReplyToMessageId = replyTo,
                History = [caption.Text ?? ""],
                SentAt = Now,
                DocumentFileName = upload.FileName,
            };
            chat.BotMessages[message.MessageId] = message;
            documents.Add(new FakeDocument(chatId, message.MessageId, threadId, replyTo, upload.FileName, upload.Content, caption.Text, Now));
            NotifyChangedLocked();
            var json = FakeJson.BotMessage(chat, message, Options);
            json.Remove("text");
            json["document"] = new JsonObject
            {
                ["file_id"] = "doc" + message.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["file_unique_id"] = "udoc" + message.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["file_name"] = upload.FileName,
                ["file_size"] = upload.Content.Length,
            };
            if (caption.Text is not null)
            {
                json["caption"] = caption.Text;
            }

            return json;
        }
    }

    /// <summary>The caption (visible text, raw text, parse mode), or nulls when there is none; Telegram's 400 when it is unparsable or too long.</summary>
    private static (string? Text, string? Raw, string? ParseMode) ParseCaption(FakeArgs args)
    {
        var raw = args.String("caption");
        if (string.IsNullOrEmpty(raw))
        {
            return (null, null, null);
        }

        var (text, mode) = ApplyParseMode(raw, args);

        if (text.Length > MaxCaptionLength)
        {
            throw FakeApiError.BadRequest("message caption is too long");
        }

        return (text, raw, mode);
    }
}
