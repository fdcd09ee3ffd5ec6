using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Orchestrator.Bot.Tests.Media;

/// <summary>Small valid images built in code (Codex only passes on files that really are images).</summary>
internal static class TestImages
{
    /// <summary>A 1x1 GIF89a.</summary>
    public static readonly byte[] Gif = Convert.FromBase64String("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    /// <summary>A 1x1 lossy WebP.</summary>
    public static readonly byte[] WebP = Convert.FromBase64String("UklGRiQAAABXRUJQVlA4IBgAAAAwAQCdASoBAAEAAwA0JaQAA3AA/vuUAAA=");

    /// <summary>The start of a JPEG (SOI + APP0 JFIF), enough for the sniffer.</summary>
    public static readonly byte[] JpegStart = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00];

    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>A valid <paramref name="size"/>x<paramref name="size"/> PNG of one colour (distinct colours: distinct bytes).</summary>
    public static byte[] Png(byte red, byte green, byte blue, int size = 2)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, size);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), size);
        header[8] = 8; // bit depth
        header[9] = 2; // RGB
        WriteChunk(png, "IHDR", header);

        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < size; y++)
            {
                zlib.WriteByte(0); // filter: none
                for (var x = 0; x < size; x++)
                {
                    zlib.Write([red, green, blue]);
                }
            }
        }

        WriteChunk(png, "IDAT", raw.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>Decodes a <c>data:image/...;base64,</c> URL as Codex sends it to the model.</summary>
    public static byte[] FromDataUrl(string url)
    {
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        Assert.True(url.StartsWith("data:image/", StringComparison.Ordinal) && comma > 0, $"not an image data URL: {url[..Math.Min(url.Length, 40)]}");
        return Convert.FromBase64String(url[(comma + 1)..]);
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
