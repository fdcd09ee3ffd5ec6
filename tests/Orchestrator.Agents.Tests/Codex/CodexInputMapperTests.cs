using Orchestrator.Agents.Codex;

namespace Orchestrator.Agents.Tests.Codex;

public sealed class CodexInputMapperTests
{
    [Fact]
    public void Text_and_images_map_to_text_and_localImage_with_absolute_paths()
    {
        var mapped = CodexInputMapper.Map([new TextInput("look"), new ImageInput("pics/a.png")]);

        Assert.Equal("text", mapped[0].Type);
        Assert.Equal("look", mapped[0].Text);
        Assert.Equal("localImage", mapped[1].Type);
        Assert.Equal(Path.GetFullPath("pics/a.png"), mapped[1].Path);
    }

    [Fact]
    public void Empty_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CodexInputMapper.Map([]));
    }
}
