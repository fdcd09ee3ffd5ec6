using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Media;
using Orchestrator.Bot.Persistence;

namespace Orchestrator.Bot.Tests.Media;

/// <summary>The store on a real SQLite database and folder: paths, reuse, session cleanup and the per-agent quota.</summary>
public sealed class MediaStoreTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("orchestrator-media-").FullName;
    private MediaStore _store = null!;

    public async Task InitializeAsync() => _store = await CreateStoreAsync(maxBytesPerAgent: 1_000);

    [Fact]
    public async Task Saves_the_exact_bytes_under_the_agents_folder_with_the_sniffed_extension()
    {
        var png = TestImages.Png(10, 20, 30);

        var stored = await _store.SaveAsync("agent1", "AgACfile1", new DownloadedImage(png, ImageFormat.Png));

        Assert.Equal(Path.Combine(_data, "images", "agent1", "telegram", "AgACfile1.png"), stored.Path);
        Assert.Equal(png, await File.ReadAllBytesAsync(stored.Path));
        Assert.Equal(png.Length, stored.SizeBytes);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(stored.Path)!)); // no temporary file left behind
    }

    [Fact]
    public async Task Finds_a_stored_image_again_and_forgets_one_whose_file_is_gone()
    {
        var stored = await Save("agent1", "f1", 100);

        Assert.Equal(stored, await _store.FindAsync("agent1", "f1"));
        Assert.Null(await _store.FindAsync("agent2", "f1"));

        File.Delete(stored.Path);
        Assert.Null(await _store.FindAsync("agent1", "f1"));
        Assert.Empty(await _store.ListAsync("agent1"));
    }

    [Fact]
    public async Task A_file_written_before_a_crash_without_its_row_is_found_and_recorded()
    {
        var folder = _store.FolderOf("agent1");
        Directory.CreateDirectory(folder);
        var gif = TestImages.Gif;
        await File.WriteAllBytesAsync(Path.Combine(folder, "orphan.gif"), gif);

        var found = await _store.FindAsync("agent1", "orphan");

        Assert.NotNull(found);
        Assert.Equal(gif.Length, found.SizeBytes);
        Assert.Single(await _store.ListAsync("agent1"));
    }

    [Fact]
    public async Task Deleting_a_sessions_images_keeps_those_another_session_or_agent_uses()
    {
        var onlyA = await Save("agent1", "onlyA", 50);
        var shared = await Save("agent1", "shared", 50);
        var onlyB = await Save("agent1", "onlyB", 50);
        var otherAgent = await Save("agent2", "onlyA", 50);
        await _store.AttachToSessionAsync("session-a", [onlyA, shared]);
        await _store.AttachToSessionAsync("session-b", [shared, onlyB]);
        await _store.AttachToSessionAsync("session-a", [otherAgent]); // same session id, another agent: not touched

        var deleted = await _store.DeleteSessionImagesAsync("agent1", "session-a");

        Assert.Equal(1, deleted);
        Assert.False(File.Exists(onlyA.Path));
        Assert.True(File.Exists(shared.Path));
        Assert.True(File.Exists(onlyB.Path));
        Assert.True(File.Exists(otherAgent.Path));
        Assert.Equal(["shared", "onlyB"], (await _store.ListAsync("agent1")).Select(i => i.FileId));

        Assert.Equal(2, await _store.DeleteSessionImagesAsync("agent1", "session-b"));
        Assert.Empty(await _store.ListAsync("agent1"));
        Assert.Empty(Directory.GetFiles(_store.FolderOf("agent1")));
        Assert.Single(await _store.ListAsync("agent2"));
    }

    [Fact]
    public async Task Over_the_quota_the_oldest_images_go_first_but_never_the_ones_being_used()
    {
        var oldest = await Save("agent1", "oldest", 400);
        var older = await Save("agent1", "older", 400);
        var newer = await Save("agent1", "newer", 100);
        var other = await Save("agent2", "other", 900);
        var current = await Save("agent1", "current", 400); // 1300 bytes for agent1, quota 1000

        var deleted = await _store.EnforceQuotaAsync("agent1", [current.Id]);

        Assert.Equal(1, deleted);
        Assert.False(File.Exists(oldest.Path));
        Assert.Equal(["older", "newer", "current"], (await _store.ListAsync("agent1")).Select(i => i.FileId));
        Assert.True(File.Exists(older.Path) && File.Exists(newer.Path) && File.Exists(current.Path));
        Assert.True(File.Exists(other.Path), "another agent's images do not count");

        // The image in use is kept even when it is the oldest.
        var big = await Save("agent1", "big", 900);
        await _store.EnforceQuotaAsync("agent1", [older.Id, big.Id]);
        Assert.Equal(["older", "big"], (await _store.ListAsync("agent1")).Select(i => i.FileId));
    }

    [Fact]
    public async Task Over_the_total_quota_the_oldest_images_of_any_agent_go_first_and_what_cannot_fit_is_refused()
    {
        _store = await CreateStoreAsync(maxBytesPerAgent: 1_000, maxTotalImageBytes: 1_500);
        var first = await Save("agent1", "first", 600);
        var second = await Save("agent2", "second", 600);

        var third = await Save("agent3", "third", 600); // 1800 > 1500: agent1's image, the oldest, makes room first

        Assert.False(File.Exists(first.Path));
        Assert.Empty(await _store.ListAsync("agent1"));
        Assert.True(File.Exists(second.Path) && File.Exists(third.Path));
        var onDisk = Directory.GetFiles(Path.Combine(_data, "images"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(onDisk <= 1_500, $"{onDisk} bytes of images on disk, over the 1500-byte total");

        // Larger than the whole quota: refused, nothing deleted for it.
        var huge = new byte[1_600];
        TestImages.Gif.CopyTo(huge, 0);
        var refused = await Assert.ThrowsAsync<ImageRefusedException>(() => _store.SaveAsync("agent1", "huge", new DownloadedImage(huge, ImageFormat.Gif)));
        Assert.Contains("larger than all the space", refused.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(second.Path) && File.Exists(third.Path));

        // The images of the turn being started are never deleted to make room: then the new one does not fit.
        var bytes = new byte[900];
        TestImages.Gif.CopyTo(bytes, 0);
        await Assert.ThrowsAsync<ImageRefusedException>(
            () => _store.SaveAsync("agent1", "album", new DownloadedImage(bytes, ImageFormat.Gif), [second.Id, third.Id], CancellationToken.None));
        Assert.True(File.Exists(second.Path) && File.Exists(third.Path));
    }

    [Fact]
    public async Task The_agent_id_cannot_lead_the_folder_elsewhere()
    {
        var stored = await _store.SaveAsync("../../outside", "file", new DownloadedImage(TestImages.Gif, ImageFormat.Gif));

        Assert.StartsWith(Path.Combine(_data, "images") + Path.DirectorySeparatorChar, stored.Path, StringComparison.Ordinal);
        Assert.Equal("telegram", Path.GetFileName(Path.GetDirectoryName(stored.Path)));
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    private Task<StoredImage> Save(string agentId, string fileId, int size)
    {
        var bytes = new byte[size];
        TestImages.Gif.CopyTo(bytes, 0);
        bytes[^1] = (byte)fileId.Length;
        return _store.SaveAsync(agentId, fileId, new DownloadedImage(bytes, ImageFormat.Gif));
    }

    private async Task<MediaStore> CreateStoreAsync(long maxBytesPerAgent, long maxTotalImageBytes = 1024L * 1024 * 1024)
    {
        var storage = Options.Create(new StorageOptions { DataDirectory = _data });
        var database = new BotDatabase(storage, NullLogger<BotDatabase>.Instance);
        await database.MigrateAsync();
        return new MediaStore(database, storage, Options.Create(new MediaOptions { MaxBytesPerAgent = maxBytesPerAgent, MaxImageBytes = 1_000, MaxTotalImageBytes = maxTotalImageBytes }), NullLogger<MediaStore>.Instance);
    }
}
