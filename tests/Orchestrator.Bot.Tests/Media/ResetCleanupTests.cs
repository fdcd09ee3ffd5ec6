using Orchestrator.Bot.Tests.Harness;

namespace Orchestrator.Bot.Tests.Media;

public sealed class ResetCleanupTests
{
    [Fact]
    public async Task Reset_deletes_the_images_of_the_session_being_reset()
    {
        await using var codex = await CodexBot.StartAsync();
        var sent = codex.SendPhoto("AgACresetphoto", TestImages.Png(10, 20, 30));
        await codex.FinalAnswerAsync(sent);
        var stored = Assert.Single(codex.StoredFiles());

        var reset = codex.Say("/reset");
        await codex.ReplyToAsync(reset, m => m.Text.Contains("New session", StringComparison.Ordinal));

        Assert.False(File.Exists(stored), "the reset session's image must be deleted");
        Assert.Empty(codex.StoredFiles());
    }
}
