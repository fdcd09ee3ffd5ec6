using System.Text.Json.Nodes;
using Orchestrator.Agents.Claude;

namespace Orchestrator.Agents.Acp;

/// <summary>Maps <see cref="AgentInput"/> to ACP content blocks: text blocks, images as base64 <c>image</c> blocks.</summary>
public static class AcpPromptMapper
{
    /// <param name="images">The agent takes image blocks (<c>promptCapabilities.image</c>); otherwise an image becomes a note.</param>
    /// <exception cref="ArgumentException">Empty input, or an image that is missing or not PNG/JPEG/GIF/WebP.</exception>
    public static JsonArray Map(IReadOnlyList<AgentInput> input, bool images, string? instructions = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Count == 0)
        {
            throw new ArgumentException("A turn needs some input.", nameof(input));
        }

        var blocks = new JsonArray();
        if (!string.IsNullOrWhiteSpace(instructions))
        {
            // ACP has no system prompt: a persona goes in front of the session's first prompt, where the model keeps it.
            blocks.Add(Text($"<instructions>\n{instructions}\n</instructions>"));
        }

        foreach (var item in input)
        {
            blocks.Add(item switch
            {
                TextInput text => Text(text.Text),
                ImageInput image when images => Image(image.Path),
                ImageInput image => Text($"[An image was attached ({Path.GetFileName(image.Path)}), but this agent does not take images.]"),
                _ => throw new ArgumentException($"Unsupported input {item.GetType().Name}.", nameof(input)),
            });
        }

        return blocks;
    }

    private static JsonObject Text(string text) => new() { ["type"] = "text", ["text"] = text };

    private static JsonObject Image(string path)
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

        var mimeType = ClaudeInputMapper.DetectImageMediaType(bytes)
            ?? throw new ArgumentException($"'{Path.GetFileName(path)}' is not a PNG, JPEG, GIF or WebP image.", nameof(path));
        return new JsonObject { ["type"] = "image", ["mimeType"] = mimeType, ["data"] = Convert.ToBase64String(bytes) };
    }
}
