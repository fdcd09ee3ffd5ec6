using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Telegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace Orchestrator.Bot.Media;

/// <summary>An image fetched from Telegram: the exact bytes Telegram served and the format they turned out to be.</summary>
public sealed record DownloadedImage(byte[] Bytes, ImageFormat Format);

/// <summary>
/// Downloads an image into memory, refusing (with <see cref="ImageRefusedException"/>, a message for the user) anything
/// that is not a PNG, JPEG, GIF or WebP by its bytes, or is larger than <see cref="MediaOptions.MaxImageBytes"/>. The size
/// is checked three times: the update's claim and getFile's file_size before downloading, and the bytes while streaming
/// (the download stops as soon as it passes the limit). Nothing touches the disk here.
/// </summary>
public sealed class TelegramImageDownloader(ITelegramBotClient bot, IOptions<MediaOptions> options, ILogger<TelegramImageDownloader> logger)
{
    private const string Formats = "PNG, JPEG, GIF or WebP";

    public async Task<DownloadedImage> DownloadAsync(ImageReference image, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxImageBytes;
        if (image.MimeType is { } mime && !MayBeImage(mime))
        {
            throw new ImageRefusedException($"📎 {Capitalized(image.Describe())} is not an image ({mime}). I can pass on {Formats} images.");
        }

        if (image.DeclaredSize > limit)
        {
            throw TooLarge(image, image.DeclaredSize, limit);
        }

        global::Telegram.Bot.Types.TGFile file;
        try
        {
            file = await bot.GetFile(image.FileId, cancellationToken);
        }
        catch (ApiRequestException ex) when (ex.Message.Contains("file is too big", StringComparison.OrdinalIgnoreCase))
        {
            throw new ImageRefusedException($"📎 {Capitalized(image.Describe())} is larger than 20 MB, the most Telegram lets bots download.");
        }
        catch (RequestException ex)
        {
            logger.LogWarning("getFile for an image failed: {Error}", ex.Message);
            throw new ImageRefusedException($"📎 I could not get {image.Describe()} from Telegram ({ex.Message}). Please send it again.");
        }

        if (file.FileSize > limit)
        {
            throw TooLarge(image, file.FileSize, limit);
        }

        if (string.IsNullOrEmpty(file.FilePath))
        {
            throw new ImageRefusedException($"📎 Telegram has no download for {image.Describe()} (it may be too old). Please send it again.");
        }

        using var buffer = new BoundedBuffer(limit);
        try
        {
            await bot.DownloadFile(file.FilePath, buffer, cancellationToken);
        }
        catch (Exception ex) when (ex is ImageTooLargeException || ex.InnerException is ImageTooLargeException) // Telegram.Bot wraps it in a RequestException
        {
            logger.LogInformation("Stopped downloading an image at {Bytes} bytes: over the limit", buffer.Length);
            throw TooLarge(image, null, limit);
        }
        catch (RequestException ex)
        {
            logger.LogWarning("Downloading an image failed: {Error}", ex.Message);
            throw new ImageRefusedException($"📎 I could not download {image.Describe()} from Telegram ({ex.Message}). Please send it again.");
        }

        var bytes = buffer.ToArray();
        var format = ImageSniffer.Detect(bytes)
            ?? throw new ImageRefusedException($"📎 {Capitalized(image.Describe())} is not a {Formats} image, so I did not pass it on.");
        return new DownloadedImage(bytes, format);
    }

    /// <summary>A size for people: "8 MB", "1.5 MB", "700 KB", "12 bytes".</summary>
    public static string Readable(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };

    private static bool MayBeImage(string mime) =>
        mime.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
        || mime.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);

    private static ImageRefusedException TooLarge(ImageReference image, long? size, long limit) => new(
        size is { } known
            ? $"📎 {Capitalized(image.Describe())} is too large ({Readable(known)}); the limit is {Readable(limit)}."
            : $"📎 {Capitalized(image.Describe())} is larger than the {Readable(limit)} limit.");

    private static string Capitalized(string text) => text.Length > 0 && char.IsLower(text[0]) ? char.ToUpperInvariant(text[0]) + text[1..] : text;
}
