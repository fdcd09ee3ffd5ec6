using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Persistence;

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Runtime data: orchestrator.db, logs/, images/, memory/. Relative paths resolve against the current directory.</summary>
    public string DataDirectory { get; set; } = "data";

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    public string DatabasePath => Path.Combine(FullDataDirectory, "orchestrator.db");
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            return ValidateOptionsResult.Fail("Storage:DataDirectory must not be empty (default 'data').");
        }

        if (options.DataDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return ValidateOptionsResult.Fail($"Storage:DataDirectory '{options.DataDirectory}' is not a valid path.");
        }

        return ValidateOptionsResult.Success;
    }
}
