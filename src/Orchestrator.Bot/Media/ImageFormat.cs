namespace Orchestrator.Bot.Media;

/// <summary>An image format the agents accept: the file extension it is stored with and its MIME type.</summary>
public sealed record ImageFormat(string Extension, string MimeType)
{
    public static readonly ImageFormat Png = new("png", "image/png");
    public static readonly ImageFormat Jpeg = new("jpg", "image/jpeg");
    public static readonly ImageFormat Gif = new("gif", "image/gif");
    public static readonly ImageFormat WebP = new("webp", "image/webp");

    public static IReadOnlyList<ImageFormat> All { get; } = [Png, Jpeg, Gif, WebP];
}
