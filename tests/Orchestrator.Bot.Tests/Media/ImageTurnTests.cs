using Orchestrator.Bot.Media;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Media;

/// <summary>Photos, image files and albums reach the REAL codex app-server as images, byte for byte.</summary>
public sealed class ImageTurnTests
{
    [Fact]
    public async Task A_photo_with_a_caption_reaches_the_model_as_the_same_bytes_and_is_stored_at_the_expected_path()
    {
        await using var codex = await CodexBot.StartAsync();
        var png = TestImages.Png(200, 30, 30);

        var asked = codex.SendPhoto("AgACAgIAAxkBAAIBphoto1", png, new FakeMediaMessage { Caption = "What colour is this?" });

        await codex.FinalAnswerAsync(asked);
        var request = Assert.Single(codex.Model.Requests);
        Assert.Equal(png, TestImages.FromDataUrl(Assert.Single(request.InputImageUrls)));

        var path = Path.Combine(codex.ImagesFolder(await codex.AgentIdAsync()), "AgACAgIAAxkBAAIBphoto1.png"); // sniffed, not the .jpg Telegram named it
        Assert.Equal(png, await File.ReadAllBytesAsync(path));
        Assert.Equal([path], codex.StoredFiles());

        var (texts, images) = request.LastUserMessage();
        Assert.Contains(texts, t => t.Contains("What colour is this?", StringComparison.Ordinal) && t.Contains($"[Image attached: {path}]", StringComparison.Ordinal));
        Assert.Equal(png, Assert.Single(images));

        var turn = Assert.Single(await codex.TurnsAsync());
        Assert.Equal($"What colour is this?\n\n[Image attached: {path}]", turn.Prompt);

        // Only the largest size was fetched.
        var getFile = Assert.Single(codex.Telegram.RequestsFor("getFile"));
        Assert.Contains("\"AgACAgIAAxkBAAIBphoto1\"", getFile.Body, StringComparison.Ordinal);
        Assert.Single(codex.Telegram.RequestsFor("download"));
    }

    [Fact]
    public async Task An_image_sent_as_a_file_is_stored_by_what_its_bytes_are_and_gets_a_default_prompt()
    {
        await using var codex = await CodexBot.StartAsync();
        var png = TestImages.Png(90, 90, 200);

        var asked = codex.SendDocument("BQACdoc1", png, "holiday.jpg", "image/jpeg"); // the name and MIME type claim JPEG

        await codex.FinalAnswerAsync(asked);
        var path = Path.Combine(codex.ImagesFolder(await codex.AgentIdAsync()), "BQACdoc1.png");
        Assert.Equal(png, await File.ReadAllBytesAsync(path));
        var (texts, images) = Assert.Single(codex.Model.Requests).LastUserMessage();
        Assert.Equal(png, Assert.Single(images));
        Assert.Contains(texts, t => t.StartsWith("Look at this image.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_album_of_three_photos_is_one_turn_with_three_images_in_order()
    {
        await using var codex = await CodexBot.StartAsync();
        byte[][] photos = [TestImages.Png(255, 0, 0), TestImages.Png(0, 255, 0), TestImages.Png(0, 0, 255)];

        var first = codex.SendPhoto("album-part-1", photos[0], new FakeMediaMessage { MediaGroupId = "13579" });
        codex.SendPhoto("album-part-2", photos[1], new FakeMediaMessage { MediaGroupId = "13579" });
        codex.SendPhoto("album-part-3", photos[2], new FakeMediaMessage { MediaGroupId = "13579" });

        await codex.FinalAnswerAsync(first);
        var request = codex.Model.Requests[0];
        var (texts, images) = request.LastUserMessage();
        Assert.Equal(photos, images);
        Assert.Contains(texts, t => t.StartsWith("Look at these 3 images.", StringComparison.Ordinal));
        await codex.Bot.WaitForHandledAsync(CodexBot.Timeout);
        var turn = Assert.Single(await codex.TurnsAsync());
        Assert.Equal(3, turn.Prompt.Split("[Image attached: ").Length - 1);
        Assert.Single(codex.Model.Requests);
        Assert.Single(codex.MessagesFrom(first)); // one answer for the whole album
    }

    [Fact]
    public async Task Replying_to_an_earlier_photo_hands_that_photo_to_the_agent_again_from_the_store()
    {
        await using var codex = await CodexBot.StartAsync();
        var png = TestImages.Png(10, 200, 10);
        var photo = codex.SendPhoto("AgACreplied", png, new FakeMediaMessage { Caption = "Remember this." });
        await codex.FinalAnswerAsync(photo);
        codex.Model.Enqueue(FakeResponse.Text("It was green."));

        codex.Telegram.SendText(codex.Chat, BotHarness.OwnerId, "What colour was it?", replyToMessageId: photo);
        var question = codex.Telegram.LastUserMessageId;

        await codex.FinalAnswerAsync(question, "It was green.");
        var (texts, images) = (await codex.Model.WaitForRequestAsync(1)).LastUserMessage();
        Assert.Equal(png, Assert.Single(images));
        Assert.Contains(texts, t => t.StartsWith("What colour was it?", StringComparison.Ordinal) && t.Contains("[Image attached: ", StringComparison.Ordinal));
        Assert.Single(codex.Telegram.RequestsFor("download")); // reused from disk, not downloaded again
        Assert.Single(codex.StoredFiles());
    }

    [Fact]
    public async Task A_photo_sent_while_a_turn_runs_is_steered_into_it_and_belongs_to_its_session()
    {
        await using var codex = await CodexBot.StartAsync();
        var release = new TaskCompletionSource();
        codex.Model.Enqueue(
            FakeResponse.Streamed("Working on it. ", "Done with part one.").WithGateBefore(1, release.Task),
            FakeResponse.Text("I looked at your picture too."));
        var png = TestImages.Png(1, 2, 3);

        var asked = codex.Say("part one");
        await codex.ReplyToAsync(asked, m => m.Text.Contains("Working on it.", StringComparison.Ordinal));
        var photo = codex.SendPhoto("AgACsteer", png, new FakeMediaMessage { Caption = "and look at this" });
        await codex.ReplyToAsync(photo, m => m.Text.Contains("Added to the running turn", StringComparison.Ordinal), "the steer notice");
        release.SetResult();

        var (texts, images) = (await codex.Model.WaitForRequestAsync(1).WaitAsync(CodexBot.Timeout)).LastUserMessage();
        Assert.Equal(png, Assert.Single(images));
        Assert.Contains(texts, t => t.StartsWith("and look at this", StringComparison.Ordinal));
        await codex.FinalAnswerAsync(asked, "I looked at your picture too.");
        Assert.Single(await codex.TurnsAsync());

        // The cleanup hook of a session reset removes the steered image.
        var agentId = await codex.AgentIdAsync();
        var sessionId = (await codex.Bot.Service<AgentStore>().GetAsync(agentId))!.SessionId!;
        var stored = Assert.Single(codex.StoredFiles());
        Assert.Equal(1, await codex.Bot.Service<MediaStore>().DeleteSessionImagesAsync(agentId, sessionId));
        Assert.False(File.Exists(stored));
    }
}
