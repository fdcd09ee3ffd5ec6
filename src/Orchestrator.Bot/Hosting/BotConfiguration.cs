using Microsoft.Extensions.Configuration;

namespace Orchestrator.Bot.Hosting;

/// <summary>The configuration the host starts from.</summary>
public static class BotConfiguration
{
    /// <summary>The host's switch for watching appsettings*.json (default true).</summary>
    public const string ReloadOnChangeKey = "hostBuilder:reloadConfigOnChange";

    /// <summary>
    /// Configuration files are read once, at start, never re-read when they change: a file an agent could write must not
    /// change who may use the bot while it runs.
    /// </summary>
    public static ConfigurationManager WithoutReloadOnChange()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([new KeyValuePair<string, string?>(ReloadOnChangeKey, "false")]);
        return configuration;
    }
}
