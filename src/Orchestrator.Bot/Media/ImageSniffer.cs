namespace Orchestrator.Bot.Media;

/// <summary>Recognizes an image by its first bytes (magic numbers), never by a claimed name or MIME type.</summary>
public static class ImageSniffer
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> Gif87 => "GIF87a"u8;

    private static ReadOnlySpan<byte> Gif89 => "GIF89a"u8;

    private static ReadOnlySpan<byte> Riff => "RIFF"u8;

    private static ReadOnlySpan<byte> WebP => "WEBP"u8;

    /// <summary>The format of <paramref name="bytes"/>, or null when they are not a PNG, JPEG, GIF or WebP image.</summary>
    public static ImageFormat? Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(PngSignature))
        {
            return ImageFormat.Png;
        }

        if (bytes.StartsWith(JpegSignature))
        {
            return ImageFormat.Jpeg;
        }

        if (bytes.StartsWith(Gif87) || bytes.StartsWith(Gif89))
        {
            return ImageFormat.Gif;
        }

        if (bytes.Length >= 12 && bytes.StartsWith(Riff) && bytes.Slice(8, 4).SequenceEqual(WebP))
        {
            return ImageFormat.WebP;
        }

        return null;
    }
}
