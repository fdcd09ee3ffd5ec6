using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Retention;

/// <summary>
/// The <c>Retention</c> section: how long the bot keeps what it records, so the database and the memory folder do not
/// grow forever. A sweep runs at start and then every <see cref="Interval"/>.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Time between two sweeps.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long the ids of handled updates are kept (restart deduplication). Telegram redelivers an unconfirmed update
    /// for 24 h at most, so at least one day; every stranger's message adds one.
    /// </summary>
    public TimeSpan HandledUpdates { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long finished turns (prompt, answer, tokens) are kept; the current session's turns are always kept.</summary>
    public TimeSpan Turns { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long audit entries are kept.</summary>
    public TimeSpan Audit { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How long a session's memory file is kept after its last change; a current session's file is always kept.</summary>
    public TimeSpan MemoryFiles { get; set; } = TimeSpan.FromDays(90);
}

internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var errors = new List<string>();
        if (options.Interval < TimeSpan.FromMinutes(1) || options.Interval > TimeSpan.FromDays(7))
        {
            errors.Add($"Retention:Interval must be between 00:01:00 and 7.00:00:00, got {options.Interval}.");
        }

        Check(errors, "HandledUpdates", options.HandledUpdates, "Telegram redelivers unconfirmed updates for up to 24 h");
        Check(errors, "Turns", options.Turns, null);
        Check(errors, "Audit", options.Audit, null);
        Check(errors, "MemoryFiles", options.MemoryFiles, null);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string key, TimeSpan value, string? why)
    {
        if (value < TimeSpan.FromDays(1))
        {
            errors.Add($"Retention:{key} must be at least 1.00:00:00 (one day), got {value}{(why is null ? "" : ": " + why)}.");
        }
    }
}
