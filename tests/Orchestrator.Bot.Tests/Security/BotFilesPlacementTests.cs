using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Hosting;
using Orchestrator.Bot.Persistence;
using Orchestrator.Bot.Security;

namespace Orchestrator.Bot.Tests.Security;

/// <summary>
/// The bot refuses to start when its own files (data folder, configuration files, program folder) lie in a folder
/// agents may write; and its defaults keep them apart.
/// </summary>
public sealed class BotFilesPlacementTests : IDisposable
{
    private const string Token = "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private readonly string _root = Directory.CreateTempSubdirectory("orchestrator-placement-").FullName;

    [Fact]
    public async Task A_data_folder_inside_the_default_working_folder_is_refused_with_one_line_naming_both_settings()
    {
        var work = Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;

        var (code, lines) = await RunAsync($"--Agents:DefaultWorkingDirectory={work}", $"--Storage:DataDirectory={Path.Combine(work, "data")}");

        Assert.Equal(BotApplication.ConfigurationErrorExitCode, code);
        var line = Assert.Single(lines);
        Assert.Contains($"Agents:DefaultWorkingDirectory '{work}' contains the bot's own files", line);
        Assert.Contains($"Storage:DataDirectory '{Path.Combine(work, "data")}'", line);
        Assert.False(Directory.Exists(Path.Combine(work, "data", "orchestrator.db")));
    }

    [Fact]
    public async Task A_working_folder_reached_through_a_symbolic_link_is_refused_too()
    {
        var work = Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;
        var link = Path.Combine(_root, "link");
        Directory.CreateSymbolicLink(link, work);

        var (code, lines) = await RunAsync($"--Agents:DefaultWorkingDirectory={link}", $"--Storage:DataDirectory={Path.Combine(work, "sub", "..", "data")}");

        Assert.Equal(BotApplication.ConfigurationErrorExitCode, code);
        Assert.Contains("Agents:DefaultWorkingDirectory", Assert.Single(lines));
    }

    [Fact]
    public async Task An_allowed_root_around_the_bots_program_and_configuration_is_refused()
    {
        var work = Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;
        var programParent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory))!;

        var (code, lines) = await RunAsync(
            $"--Agents:DefaultWorkingDirectory={work}", $"--Agents:AllowedRoots:0={work}", $"--Agents:AllowedRoots:1={programParent}",
            $"--Storage:DataDirectory={Path.Combine(_root, "data")}");

        Assert.Equal(BotApplication.ConfigurationErrorExitCode, code);
        var line = Assert.Single(lines);
        Assert.Contains($"Agents:AllowedRoots '{programParent}'", line);
        Assert.Contains("the bot's program folder", line);
        Assert.Contains("the configuration file", line);
    }

    [Fact]
    public void A_folder_whose_name_only_starts_like_the_working_folder_is_not_inside_it()
    {
        var work = Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;
        var sibling = Directory.CreateDirectory(Path.Combine(_root, "work-data")).FullName;

        Assert.False(BotFiles.IsInside(sibling, work));
        Assert.True(BotFiles.IsInside(Path.Combine(work, "a", "..", "b"), work));
        Assert.False(BotFiles.IsInside(Path.Combine(work, "..", "work-data"), work));
    }

    [Fact]
    public void The_defaults_keep_data_and_agents_apart_from_each_other_and_from_the_current_folder()
    {
        var agents = new AgentsOptions();
        var storage = new StorageOptions();
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        Assert.Equal(Path.Combine(home, "orchestrator-workspace"), agents.ResolvedDefaultWorkingDirectory);
        Assert.EndsWith(Path.Combine("", "orchestrator-bot"), storage.FullDataDirectory, StringComparison.Ordinal);
        Assert.False(BotFiles.IsInside(storage.FullDataDirectory, agents.ResolvedDefaultWorkingDirectory));
        Assert.False(BotFiles.IsInside(AppContext.BaseDirectory, agents.ResolvedDefaultWorkingDirectory));
        Assert.False(BotFiles.IsInside(storage.FullDataDirectory, Directory.GetCurrentDirectory()));
        Assert.False(BotFiles.IsInside(Directory.GetCurrentDirectory(), agents.ResolvedDefaultWorkingDirectory));
    }

    [Fact]
    public void The_readme_run_with_only_a_token_and_a_user_passes_the_start_checks()
    {
        using var host = BotApplication.Build(
            [],
            c => Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(c, new Dictionary<string, string?>
            {
                ["Telegram:BotToken"] = Token,
                ["Access:AllowedUserIds:0"] = "1001",
            }));

        Assert.Empty(BotApplication.ValidateOptions(host.Services));
    }

    private async Task<(int Code, string[] Lines)> RunAsync(params string[] args)
    {
        using var error = new StringWriter();
        var code = await BotApplication.RunAsync([$"--Telegram:BotToken={Token}", "--Access:AllowedUserIds:0=1001", .. args], error).WaitAsync(TimeSpan.FromSeconds(60));
        return (code, error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
