using System.Text;
using Orchestrator.Bot.Media;

namespace Orchestrator.Bot.Tests.Media;

public sealed class ImageSnifferTests
{
    [Fact]
    public void Recognizes_each_format_by_its_magic_number()
    {
        Assert.Equal(ImageFormat.Png, ImageSniffer.Detect(TestImages.Png(255, 0, 0)));
        Assert.Equal(ImageFormat.Jpeg, ImageSniffer.Detect(TestImages.JpegStart));
        Assert.Equal(ImageFormat.Gif, ImageSniffer.Detect(TestImages.Gif));
        Assert.Equal(ImageFormat.Gif, ImageSniffer.Detect("GIF87a\x01\x00\x01\x00"u8));
        Assert.Equal(ImageFormat.WebP, ImageSniffer.Detect(TestImages.WebP));
    }

    [Fact]
    public void Gives_the_extension_and_mime_type_of_the_bytes()
    {
        Assert.Equal(("png", "image/png"), Pair(ImageSniffer.Detect(TestImages.Png(1, 2, 3))));
        Assert.Equal(("jpg", "image/jpeg"), Pair(ImageSniffer.Detect(TestImages.JpegStart)));
        Assert.Equal(("gif", "image/gif"), Pair(ImageSniffer.Detect(TestImages.Gif)));
        Assert.Equal(("webp", "image/webp"), Pair(ImageSniffer.Detect(TestImages.WebP)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello, this is text")]
    [InlineData("%PDF-1.7\n")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")]
    [InlineData("RIFF\x24\x00\x00\x00WAVEfmt ")] // a WAV file: RIFF, but not WEBP
    [InlineData("RIFF\x24\x00\x00\x00WEB")] // truncated WebP header
    [InlineData("GIF88a")]
    [InlineData("PNG")]
    public void Refuses_bytes_that_are_not_an_image(string content)
    {
        Assert.Null(ImageSniffer.Detect(Encoding.Latin1.GetBytes(content)));
    }

    [Fact]
    public void Refuses_truncated_signatures()
    {
        var png = TestImages.Png(0, 0, 0);
        Assert.Null(ImageSniffer.Detect(png.AsSpan(0, 7)));
        Assert.Null(ImageSniffer.Detect(TestImages.JpegStart.AsSpan(0, 2)));
        Assert.Null(ImageSniffer.Detect(TestImages.WebP.AsSpan(0, 11)));
        Assert.Null(ImageSniffer.Detect([0x00, 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])); // shifted by one
    }

    private static (string, string) Pair(ImageFormat? format)
    {
        Assert.NotNull(format);
        return (format.Extension, format.MimeType);
    }
}
