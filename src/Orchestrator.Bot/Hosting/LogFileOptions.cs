using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Hosting;

/// <summary>
/// The <c>Logging:File</c> configuration section: how much disk the log files may take. A file that reaches
/// <see cref="MaxBytes"/> is closed and a new one started (besides the daily roll); only the newest
/// <see cref="RetainedFiles"/> files are kept, so the logs take at most about MaxBytes × RetainedFiles.
/// </summary>
public sealed class LogFileOptions
{
    public const string Section = "Logging:File";

    /// <summary>Largest size of one log file before it rolls to the next (default 50 MB).</summary>
    public long MaxBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>How many log files are kept, the current one included (default 10).</summary>
    public int RetainedFiles { get; set; } = 10;
}

internal sealed class LogFileOptionsValidator : IValidateOptions<LogFileOptions>
{
    public ValidateOptionsResult Validate(string? name, LogFileOptions options)
    {
        var errors = new List<string>();
        if (options.MaxBytes < 1024)
        {
            errors.Add($"Logging:File:MaxBytes must be at least 1024 bytes, got {options.MaxBytes}.");
        }

        if (options.RetainedFiles is < 1 or > 1000)
        {
            errors.Add($"Logging:File:RetainedFiles must be between 1 and 1000, got {options.RetainedFiles}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
