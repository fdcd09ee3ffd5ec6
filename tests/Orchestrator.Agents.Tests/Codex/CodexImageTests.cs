using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Codex;

[Trait("Category", "Integration")]
public sealed class CodexImageTests(ITestOutputHelper output)
{
    // A valid 1x1 red PNG.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    [Fact]
    public async Task Image_input_reaches_the_model_as_an_input_image_data_url_with_the_same_bytes()
    {
        await using var h = await CodexHarness.StartAsync(output);
        var path = Path.Combine(h.Workspace, "pixel.png");
        await File.WriteAllBytesAsync(path, Png);
        var engine = h.CreateEngine();
        var session = await engine.StartSessionAsync(h.SessionOptions()).WaitAsync(CodexHarness.Timeout);

        var turn = await session.StartTurnAsync([new TextInput("describe this"), new ImageInput(path)]).WaitAsync(CodexHarness.Timeout);
        var ended = await turn.Completion.WaitAsync(CodexHarness.Timeout);

        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        var request = await h.Model.WaitForRequestAsync(0);
        var url = Assert.Single(request.InputImageUrls);
        const string prefix = "data:image/png;base64,";
        Assert.StartsWith(prefix, url, StringComparison.Ordinal);
        Assert.Equal(Png, Convert.FromBase64String(url[prefix.Length..]));
        Assert.True(request.HasUserText("describe this"));
    }
}
