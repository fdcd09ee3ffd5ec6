using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Persistence;
using Orchestrator.Bot.Tests.Harness;

namespace Orchestrator.Bot.Tests.Security;

/// <summary>The bot's state is private to its user: data folder 0700; database, its -wal/-shm and the logs 0600.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class FileModeTests
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task After_start_the_data_folder_database_and_logs_are_readable_by_the_bots_user_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var bot = await BotHarness.StartAsync();
        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/whoami");
        await bot.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, _ => true, TimeSpan.FromSeconds(60));

        Assert.Equal(Folder, File.GetUnixFileMode(bot.DataDirectory));
        var database = Path.Combine(bot.DataDirectory, "orchestrator.db");
        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            Assert.True(File.Exists(file), $"{file} exists");
            Assert.Equal(File600, File.GetUnixFileMode(file));
        }

        var logs = Directory.GetFiles(Path.Combine(bot.DataDirectory, "logs"));
        Assert.NotEmpty(logs);
        Assert.All(logs, log => Assert.Equal(File600, File.GetUnixFileMode(log)));
    }

    [Fact]
    public async Task A_data_folder_left_open_by_an_older_version_is_closed_at_start()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var data = Directory.CreateTempSubdirectory("orchestrator-open-").FullName;
        File.SetUnixFileMode(data, Folder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var database = Path.Combine(data, "orchestrator.db");
        await File.WriteAllBytesAsync(database, []);
        File.SetUnixFileMode(database, File600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            var db = new BotDatabase(Options.Create(new StorageOptions { DataDirectory = data }), NullLogger<BotDatabase>.Instance);
            await db.MigrateAsync();

            Assert.Equal(Folder, File.GetUnixFileMode(data));
            Assert.Equal(File600, File.GetUnixFileMode(database));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
