using System.Text;
using Orchestrator.Bot.Hosting;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Media;

/// <summary>What is not an image, or too large, is refused with a clear message and nothing is written; ids cannot escape the folder.</summary>
public sealed class ImageRefusalTests
{
    [Fact]
    public async Task A_file_claiming_to_be_a_png_that_is_not_an_image_is_refused_and_nothing_is_written()
    {
        await using var codex = await CodexBot.StartAsync();

        var asked = codex.SendDocument("BQACfake", Encoding.UTF8.GetBytes("#!/bin/sh\necho not a picture\n"), "cat.png", "image/png", new FakeMediaMessage { Caption = "look" });

        var refusal = await codex.ReplyToAsync(asked, m => m.Text.Contains("is not a PNG, JPEG, GIF or WebP image", StringComparison.Ordinal), "the refusal");
        Assert.Contains("“cat.png”", refusal.Text, StringComparison.Ordinal);
        await codex.Bot.WaitForHandledAsync(CodexBot.Timeout);
        Assert.Empty(codex.StoredFiles());
        Assert.Empty(codex.Model.Requests);
        Assert.Empty(await codex.TurnsAsync());
    }

    [Fact]
    public async Task A_document_that_is_not_an_image_by_type_is_refused_without_fetching_it()
    {
        await using var codex = await CodexBot.StartAsync();

        var asked = codex.SendDocument("BQACpdf", Encoding.UTF8.GetBytes("%PDF-1.7"), "report.pdf", "application/pdf", new FakeMediaMessage { Caption = "summarize" });

        var refusal = await codex.ReplyToAsync(asked, m => m.Text.Contains("is not an image (application/pdf)", StringComparison.Ordinal), "the refusal");
        Assert.Contains("“report.pdf”", refusal.Text, StringComparison.Ordinal);
        Assert.Empty(codex.Telegram.RequestsFor("getFile"));
        Assert.Empty(codex.StoredFiles());
        Assert.Empty(codex.Model.Requests);
    }

    [Fact]
    public async Task Files_over_the_limit_are_refused_before_any_download_whatever_the_update_claims()
    {
        await using var codex = await CodexBot.StartAsync(s =>
        {
            s["Media:MaxImageBytes"] = "4096";
            s["Media:MaxBytesPerAgent"] = "100000";
        });
        var big = new byte[10_000];
        TestImages.Png(1, 1, 1).CopyTo(big, 0);

        // The update declares the real size: refused without even asking Telegram for the file.
        var declared = codex.SendPhoto("AgACbig1", big);
        var first = await codex.ReplyToAsync(declared, m => m.Text.Contains("too large", StringComparison.Ordinal), "refusal of the declared size");
        Assert.Contains("(9.8 KB); the limit is 4 KB", first.Text, StringComparison.Ordinal);
        Assert.Empty(codex.Telegram.RequestsFor("getFile"));

        // No size in the update, or a false small one: getFile's size refuses it before the download.
        var unknown = codex.SendDocument("BQACbig2", big, "big.png", "image/png", new FakeMediaMessage { OmitFileSize = true });
        await codex.ReplyToAsync(unknown, m => m.Text.Contains("too large", StringComparison.Ordinal), "refusal after getFile");
        var understated = codex.SendDocument("BQACbig3", big, "small.png", "image/png", new FakeMediaMessage { ClaimedFileSize = 100 });
        await codex.ReplyToAsync(understated, m => m.Text.Contains("too large", StringComparison.Ordinal), "refusal of a false size");

        Assert.Equal(2, codex.Telegram.RequestsFor("getFile").Count);
        Assert.Empty(codex.Telegram.RequestsFor("download"));
        Assert.Empty(codex.StoredFiles());
        Assert.Empty(codex.Model.Requests);
    }

    [Fact]
    public async Task Path_characters_in_file_ids_cannot_put_a_file_outside_the_agents_folder()
    {
        await using var codex = await CodexBot.StartAsync();
        string[] ids = ["../../../../escape-a", "..\\..\\..\\escape-b", "x/../../escape-c\0.png", "/tmp/escape-d"];

        for (var i = 0; i < ids.Length; i++)
        {
            var png = TestImages.Png((byte)(i * 50), 0, 0);
            var asked = codex.SendPhoto(ids[i], png);
            await codex.FinalAnswerAsync(asked);
            Assert.Equal(png, TestImages.FromDataUrl(codex.Model.Requests[i].InputImageUrls[^1]));
        }

        var folder = codex.ImagesFolder(await codex.AgentIdAsync());
        var stored = codex.StoredFiles();
        Assert.Equal(ids.Length, stored.Count);
        Assert.All(stored, path =>
        {
            Assert.Equal(folder, Path.GetDirectoryName(path));
            Assert.Matches("^[A-Za-z0-9_-]+\\.png$", Path.GetFileName(path));
        });

        // Where a traversal would have landed: anywhere in the data directory, or beside it.
        Assert.All(Directory.GetFiles(codex.Bot.DataDirectory, "*escape*", SearchOption.AllDirectories), path => Assert.Equal(folder, Path.GetDirectoryName(path)));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(codex.Bot.DataDirectory)!, "escape-*"));
        Assert.False(File.Exists("/tmp/escape-d.png"));
    }

    [Fact]
    public async Task A_corrupt_image_behind_a_valid_signature_does_not_break_the_turn()
    {
        await using var codex = await CodexBot.StartAsync();
        var corrupt = new byte[200];
        TestImages.Png(1, 1, 1).AsSpan(0, 8).CopyTo(corrupt); // a PNG signature, then zeros

        var asked = codex.SendPhoto("AgACcorrupt", corrupt, new FakeMediaMessage { Caption = "what is this?" });

        await codex.FinalAnswerAsync(asked);
        var (texts, images) = Assert.Single(codex.Model.Requests).LastUserMessage();
        Assert.Empty(images); // Codex tells the model the image could not be processed instead
        Assert.Contains(texts, t => t.Contains("could not be processed", StringComparison.Ordinal));
        Assert.Equal(Orchestrator.Bot.Sessions.TurnStatus.Completed, Assert.Single(await codex.TurnsAsync()).Status);
    }

    [Theory]
    [InlineData("--Media:MaxImageBytes=30000000", "Media:MaxImageBytes must be between 1 and 20971520")]
    [InlineData("--Media:MaxImageBytes=0", "Media:MaxImageBytes must be between")]
    [InlineData("--Media:MaxBytesPerAgent=1000", "Media:MaxBytesPerAgent must be at least Media:MaxImageBytes")]
    [InlineData("--Media:MaxTotalImageBytes=1000", "Media:MaxTotalImageBytes must be at least Media:MaxImageBytes")]
    [InlineData("--Media:AlbumQuietTime=-00:00:01", "Media:AlbumQuietTime must be between")]
    [InlineData("--Media:AlbumQuietTime=00:00:00.05", "Media:AlbumQuietTime must be between 00:00:00.100 and 00:00:30 (was 00:00:00.0500000): an album's photos arrive one by one")]
    public async Task Invalid_media_settings_stop_the_bot_with_a_line_naming_the_key(string argument, string expected)
    {
        var data = Directory.CreateTempSubdirectory("orchestrator-media-options-").FullName;
        try
        {
            using var error = new StringWriter();
            var code = await BotApplication.RunAsync(
                ["--Telegram:BotToken=123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", argument, $"--Storage:DataDirectory={data}"], error).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(BotApplication.ConfigurationErrorExitCode, code);
            var line = Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(expected, line, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
