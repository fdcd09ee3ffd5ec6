using Orchestrator.Agents;

namespace Orchestrator.Bot.Media;

/// <summary>What a turn is given: the prompt as stored in history, and the engine inputs (text first, then images).</summary>
public sealed record PromptInput(string Prompt, IReadOnlyList<AgentInput> Inputs);

/// <summary>
/// Builds a turn's input from the user's text and images. The text carries one <c>[Image attached: path]</c> marker per
/// image, so the stored prompt (and the agent) know which files were attached; the images go as <see cref="ImageInput"/>s.
/// </summary>
public static class ImagePrompt
{
    public static PromptInput Build(string? text, IReadOnlyList<StoredImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var prompt = string.IsNullOrWhiteSpace(text) ? DefaultPrompt(images.Count) : text;
        if (images.Count > 0)
        {
            prompt = prompt.TrimEnd() + "\n\n" + string.Join("\n", images.Select(i => Marker(i.Path)));
        }

        return new PromptInput(prompt, [new TextInput(prompt), .. images.Select(i => new ImageInput(i.Path))]);
    }

    public static string Marker(string path) => $"[Image attached: {path}]";

    /// <summary>The prompt when the user sent images without a caption.</summary>
    public static string DefaultPrompt(int imageCount) => imageCount switch
    {
        <= 1 => "Look at this image.",
        _ => $"Look at these {imageCount} images.",
    };
}
