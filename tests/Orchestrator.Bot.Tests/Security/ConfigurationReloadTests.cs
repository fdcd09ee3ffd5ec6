using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.Hosting;
using Orchestrator.Bot.Persistence;

namespace Orchestrator.Bot.Tests.Security;

/// <summary>Who may use the bot is read at start: configuration files are not watched, and a changed configuration changes no role.</summary>
public sealed class ConfigurationReloadTests : IDisposable
{
    private const string Token = "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private const long Owner = 1001;
    private const long Newcomer = 2002;
    private readonly string _data = Directory.CreateTempSubdirectory("orchestrator-reload-").FullName;

    [Fact]
    public void The_configuration_files_the_bot_loads_are_not_watched_for_changes()
    {
        using var host = Build();

        var root = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        var files = root.Providers.OfType<FileConfigurationProvider>().ToList();

        Assert.Contains(files, f => f.Source.Path == "appsettings.json");
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, $"{f.Source.Path} is watched for changes"));
    }

    [Fact]
    public async Task Adding_a_user_to_a_configuration_file_while_the_bot_runs_does_not_allow_them()
    {
        var file = Path.Combine(_data, "access.json");
        File.WriteAllText(file, $$"""{ "Access": { "AllowedUserIds": [ {{Owner}} ] } }""");
        using var host = Build(c => c.AddJsonFile(file, optional: false, reloadOnChange: false));
        Assert.Empty(BotApplication.ValidateOptions(host.Services));
        await host.Services.GetRequiredService<BotDatabase>().MigrateAsync();
        var access = host.Services.GetRequiredService<AccessPolicy>();
        Assert.Equal(UserRole.Allowed, access.RoleOf(Owner, Owner));
        Assert.Equal(UserRole.Stranger, access.RoleOf(Newcomer, Newcomer));

        // An agent (or anyone) edits the file, and the configuration is read again: Reload() raises the change
        // notifications synchronously, so an options monitor following them has updated when it returns.
        File.WriteAllText(file, $$"""{ "Access": { "AllowedUserIds": [ {{Owner}}, {{Newcomer}} ], "AdminUserIds": [ {{Newcomer}} ] } }""");
        var root = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        root.Reload();
        Assert.Equal(Newcomer.ToString(System.Globalization.CultureInfo.InvariantCulture), root["Access:AllowedUserIds:1"]);

        Assert.Equal(UserRole.Stranger, access.RoleOf(Newcomer, Newcomer));
        Assert.False(access.IsConfiguredAdmin(Newcomer));
        Assert.Equal(UserRole.Allowed, access.RoleOf(Owner, Owner));
    }

    private IHost Build(Action<IConfigurationBuilder>? more = null) => BotApplication.Build(
        [],
        c =>
        {
            c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Telegram:BotToken"] = Token,
                ["Storage:DataDirectory"] = _data,
                ["Agents:DefaultWorkingDirectory"] = Directory.CreateDirectory(Path.Combine(_data, "workspace")).FullName,
            });
            more?.Invoke(c);
        });

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
