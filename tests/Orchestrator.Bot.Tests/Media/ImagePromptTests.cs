using Orchestrator.Agents;
using Orchestrator.Bot.Media;

namespace Orchestrator.Bot.Tests.Media;

public sealed class ImagePromptTests
{
    [Fact]
    public void Text_alone_is_passed_on_exactly_as_written()
    {
        const string text = "    indented code\nstays indented  ";

        var input = ImagePrompt.Build(text, []);

        Assert.Equal(text, input.Prompt);
        Assert.Equal([new TextInput(text)], input.Inputs);
    }

    [Fact]
    public void Images_follow_the_text_as_inputs_and_as_markers_in_the_prompt()
    {
        StoredImage[] images = [new(1, "a", "f1", "/data/images/a/telegram/f1.png", 10), new(2, "a", "f2", "/data/images/a/telegram/f2.jpg", 20)];

        var input = ImagePrompt.Build("compare\n", images);

        Assert.Equal("compare\n\n[Image attached: /data/images/a/telegram/f1.png]\n[Image attached: /data/images/a/telegram/f2.jpg]", input.Prompt);
        Assert.Equal<AgentInput>(
            [new TextInput(input.Prompt), new ImageInput("/data/images/a/telegram/f1.png"), new ImageInput("/data/images/a/telegram/f2.jpg")],
            input.Inputs);
    }

    [Theory]
    [InlineData(1, "Look at this image.")]
    [InlineData(2, "Look at these 2 images.")]
    [InlineData(10, "Look at these 10 images.")]
    public void Images_without_a_caption_get_a_default_prompt(int count, string expected)
    {
        var images = Enumerable.Range(1, count).Select(i => new StoredImage(i, "a", $"f{i}", $"/x/f{i}.png", 1)).ToList();

        var input = ImagePrompt.Build("  ", images);

        Assert.StartsWith(expected + "\n\n[Image attached: /x/f1.png]", input.Prompt, StringComparison.Ordinal);
        Assert.Equal(count + 1, input.Inputs.Count);
    }
}
