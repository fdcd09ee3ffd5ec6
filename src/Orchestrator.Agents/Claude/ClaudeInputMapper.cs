using Orchestrator.Agents.Claude.Protocol;

namespace Orchestrator.Agents.Claude;

/// <summary>Maps <see cref="AgentInput"/> to Claude content blocks (text; images as base64 blocks).</summary>
public static class ClaudeInputMapper
{
    /// <exception cref="ArgumentException">Empty input, or an image that is missing or not PNG/JPEG/GIF/WebP.</exception>
    public static IReadOnlyList<ClaudeInputBlock> Map(IReadOnlyList<AgentInput> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Count == 0)
        {
            throw new ArgumentException("A turn needs some input.", nameof(input));
        }

        var blocks = new List<ClaudeInputBlock>(input.Count);
        foreach (var item in input)
        {
            blocks.Add(item switch
            {
                TextInput text => new ClaudeInputBlock("text", Text: text.Text),
                ImageInput image => MapImage(image.Path),
                _ => throw new ArgumentException($"Unsupported input {item.GetType().Name}.", nameof(input)),
            });
        }

        return blocks;
    }

    /// <summary>The image media type from the file's first bytes, or null when it is not a supported image.</summary>
    public static string? DetectImageMediaType(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return null;
    }

    private static ClaudeInputBlock MapImage(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"Cannot read the image '{path}': {ex.Message}", nameof(path), ex);
        }

        var mediaType = DetectImageMediaType(bytes)
            ?? throw new ArgumentException($"'{Path.GetFileName(path)}' is not a PNG, JPEG, GIF or WebP image.", nameof(path));
        return new ClaudeInputBlock("image", Source: new ClaudeImageSource(mediaType, Convert.ToBase64String(bytes)));
    }
}
