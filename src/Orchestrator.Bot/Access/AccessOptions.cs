using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Access;

/// <summary>The <c>Access</c> configuration section: who may use the bot. Admins are also allowed.</summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    public List<long> AllowedUserIds { get; set; } = [];

    public List<long> AdminUserIds { get; set; } = [];

    /// <summary>Minimum time between two refusals sent to the same stranger.</summary>
    public TimeSpan StrangerRefusalInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Minimum time between two refusals sent to the same stranger in groups (quieter than private chats).</summary>
    public TimeSpan GroupStrangerRefusalInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a group's Telegram administrators (getChatAdministrators) are cached.</summary>
    public TimeSpan ChatAdministratorsCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether a group's Telegram administrators who are allowed may run admin commands (<c>/allow</c>, <c>/deny</c>, ...)
    /// in their group. Off by default: anyone who creates a group is its administrator. Users they allow count only in
    /// that group and can never decide approvals.
    /// </summary>
    public bool AllowGroupAdminGrants { get; set; }

    /// <summary>
    /// Whether messages in groups and forum topics start agent turns. Everyone in a group sees the answers, the diffs
    /// and the approval prompts; off keeps agent work in private chats (commands that start no turn still work).
    /// </summary>
    public bool AgentsInGroups { get; set; } = true;
}

internal sealed class AccessOptionsValidator : IValidateOptions<AccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        var errors = new List<string>();
        foreach (var id in options.AllowedUserIds.Where(id => id <= 0))
        {
            errors.Add($"Access:AllowedUserIds contains {id}: user ids are positive numbers (send /whoami to the bot to see yours).");
        }

        foreach (var id in options.AdminUserIds.Where(id => id <= 0))
        {
            errors.Add($"Access:AdminUserIds contains {id}: user ids are positive numbers (send /whoami to the bot to see yours).");
        }

        if (options.StrangerRefusalInterval < TimeSpan.Zero)
        {
            errors.Add("Access:StrangerRefusalInterval must not be negative.");
        }

        if (options.GroupStrangerRefusalInterval < TimeSpan.Zero)
        {
            errors.Add("Access:GroupStrangerRefusalInterval must not be negative.");
        }

        if (options.ChatAdministratorsCacheDuration < TimeSpan.Zero)
        {
            errors.Add("Access:ChatAdministratorsCacheDuration must not be negative.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var errors = new List<string>();
        if (options.Burst is < 1 or > 1000)
        {
            errors.Add($"Access:RateLimit:Burst must be between 1 and 1000, got {options.Burst}.");
        }

        if (options.PerMinute is < 1 or > 6000)
        {
            errors.Add($"Access:RateLimit:PerMinute must be between 1 and 6000, got {options.PerMinute}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
