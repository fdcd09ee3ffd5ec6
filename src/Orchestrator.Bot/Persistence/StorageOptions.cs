using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Persistence;

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>
    /// Runtime data: orchestrator.db, logs/, images/, memory/. Relative paths resolve against the current directory.
    /// Empty: <see cref="DefaultDataDirectory"/>, a per-user folder outside every project an agent works in.
    /// </summary>
    public string DataDirectory { get; set; } = "";

    public const string DefaultFolderName = "orchestrator-bot";

    /// <summary><c>$XDG_DATA_HOME/orchestrator-bot</c>, by default <c>~/.local/share/orchestrator-bot</c> (Windows: <c>%LOCALAPPDATA%</c>).</summary>
    public static string DefaultDataDirectory
    {
        get
        {
            var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            return data.Length == 0 ? "" : Path.Combine(data, DefaultFolderName);
        }
    }

    // Without a home folder the default is unusable: "data" only keeps the path valid until the validator reports it.
    public string FullDataDirectory => Path.GetFullPath(
        !string.IsNullOrWhiteSpace(DataDirectory) ? DataDirectory : DefaultDataDirectory is { Length: > 0 } fallback ? fallback : "data");

    public string DatabasePath => Path.Combine(FullDataDirectory, "orchestrator.db");
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DataDirectory) && !Path.IsPathRooted(StorageOptions.DefaultDataDirectory))
        {
            return ValidateOptionsResult.Fail("Storage:DataDirectory is empty and there is no home folder for its default (~/.local/share/orchestrator-bot): set it.");
        }

        if (options.DataDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return ValidateOptionsResult.Fail($"Storage:DataDirectory '{options.DataDirectory}' is not a valid path.");
        }

        return ValidateOptionsResult.Success;
    }
}
