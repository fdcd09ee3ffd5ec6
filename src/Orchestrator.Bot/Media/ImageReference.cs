using Telegram.Bot.Types;

namespace Orchestrator.Bot.Media;

/// <summary>
/// An image a message points at: its own photo (the largest size) or image document, or the photo/document of the
/// message it replies to. Nothing is downloaded yet; the declared size and MIME type are the sender's claims.
/// </summary>
/// <param name="FileId">Telegram's file id (getFile).</param>
/// <param name="MessageId">The user's message that brought this image (refusals reply to it).</param>
/// <param name="DeclaredSize">file_size from the update, when Telegram gave it.</param>
/// <param name="FileName">A document's file name, for messages.</param>
/// <param name="MimeType">A document's claimed MIME type (not checked by Telegram); null for photos.</param>
/// <param name="FromReply">True when the image comes from the replied-to message.</param>
public sealed record ImageReference(string FileId, int MessageId, long? DeclaredSize, string? FileName, string? MimeType, bool FromReply)
{
    /// <summary>The message's own image, then the replied-to message's image (each at most once).</summary>
    public static IReadOnlyList<ImageReference> AllOf(Message message)
    {
        var own = Of(message, message.Id, fromReply: false);
        var replied = message.ReplyToMessage is { } reply ? Of(reply, message.Id, fromReply: true) : null;
        return (own, replied) switch
        {
            (null, null) => [],
            ({ } o, null) => [o],
            (null, { } r) => [r],
            ({ } o, { } r) when o.FileId == r.FileId => [o],
            ({ } o, { } r) => [o, r],
        };
    }

    /// <summary>A short description for messages to the user: the document's name, or "the photo".</summary>
    public string Describe() =>
        FileName is { Length: > 0 } name ? $"“{name}”" : MimeType is null ? (FromReply ? "the replied photo" : "the photo") : "the file";

    private static ImageReference? Of(Message message, int sourceMessageId, bool fromReply)
    {
        if (message.Photo is { Length: > 0 } sizes)
        {
            var largest = Largest(sizes);
            return string.IsNullOrEmpty(largest.FileId) ? null : new ImageReference(largest.FileId, sourceMessageId, largest.FileSize, null, null, fromReply);
        }

        if (message.Document is { FileId.Length: > 0 } document)
        {
            return new ImageReference(document.FileId, sourceMessageId, document.FileSize, document.FileName, document.MimeType, fromReply);
        }

        return null;
    }

    /// <summary>Telegram lists sizes smallest first: the largest by pixels, the later one on a tie.</summary>
    private static PhotoSize Largest(PhotoSize[] sizes)
    {
        var best = sizes[0];
        foreach (var size in sizes)
        {
            if ((long)size.Width * size.Height >= (long)best.Width * best.Height)
            {
                best = size;
            }
        }

        return best;
    }
}
