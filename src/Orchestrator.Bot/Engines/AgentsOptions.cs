using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Engines;

/// <summary>The <c>Agents</c> configuration section: defaults for the agents a chat gets.</summary>
public sealed class AgentsOptions
{
    public const string Section = "Agents";

    /// <summary><c>codex</c>, <c>claude</c>, or a configured ACP engine (<c>copilot</c>; see <see cref="AcpEnginesOptions"/>).</summary>
    public string DefaultEngine { get; set; } = "codex";

    /// <summary>
    /// The working folder of a new agent. Empty: <see cref="DefaultWorkspaceFolderName"/> in the user's home folder
    /// (created at start), outside the bot's own files (agents may write their working folder).
    /// </summary>
    public string DefaultWorkingDirectory { get; set; } = "";

    public const string DefaultWorkspaceFolderName = "orchestrator-workspace";

    /// <summary>True when <see cref="DefaultWorkingDirectory"/> is not set and the home-folder default applies.</summary>
    public bool UsesDefaultWorkspace => string.IsNullOrWhiteSpace(DefaultWorkingDirectory);

    /// <summary>Codex approval policy for new agents.</summary>
    public string ApprovalPolicy { get; set; } = "on-request";

    /// <summary>Codex sandbox for new agents.</summary>
    public string Sandbox { get; set; } = "workspace-write";

    /// <summary>An approval nobody answers is declined after this long.</summary>
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the typing indicator is renewed while a turn runs (Telegram shows it for 5 s).</summary>
    public TimeSpan TypingInterval { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Most agents one chat may have (all its forum topics together): each agent keeps a session, a memory file and
    /// images, so a chat cannot grow them without bound. <c>/agent new</c> beyond it is refused.
    /// </summary>
    public int MaxAgentsPerChat { get; set; } = 20;

    /// <summary>
    /// The folders <c>/folder</c> may choose from (each with its subfolders). Empty: only the default working directory.
    /// </summary>
    public List<string> AllowedRoots { get; set; } = [];

    /// <summary>
    /// Names of further environment variables the agent processes may see (beyond the basics and the engines' sign-in
    /// variables; see <see cref="Orchestrator.Agents.Processes.EnvironmentPolicy"/>). Everything else of the bot's
    /// environment is withheld from the agents.
    /// </summary>
    public List<string> PassEnvironment { get; set; } = [];

    /// <summary>The allowed roots as full paths (the default working directory when none is configured).</summary>
    public IReadOnlyList<string> ResolvedAllowedRoots =>
        !AllowedRoots.Any(r => !string.IsNullOrWhiteSpace(r))
            ? [ResolvedDefaultWorkingDirectory]
            : [.. AllowedRoots.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => Path.GetFullPath(r))];

    public string ResolvedDefaultWorkingDirectory =>
        Path.GetFullPath(UsesDefaultWorkspace ? DefaultWorkspace : DefaultWorkingDirectory);

    /// <summary><c>~/orchestrator-workspace</c>.</summary>
    public static string DefaultWorkspace =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify), DefaultWorkspaceFolderName);

    public static readonly string[] ApprovalPolicies = ["on-request", "untrusted", "never"];
    public static readonly string[] Sandboxes = ["workspace-write", "read-only", "danger-full-access"];
}

internal sealed class AgentsOptionsValidator(EngineNames engines) : IValidateOptions<AgentsOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentsOptions options)
    {
        var errors = new List<string>();
        IReadOnlyList<string>? known;
        try
        {
            known = engines.All;
        }
        catch (OptionsValidationException)
        {
            known = null; // Engines:Acp is invalid: its own validator reports that, once.
        }

        if (known is not null && !known.Contains(options.DefaultEngine, StringComparer.Ordinal))
        {
            errors.Add($"Agents:DefaultEngine must be one of {string.Join(", ", known)}, got '{options.DefaultEngine}'.");
        }

        if (!options.UsesDefaultWorkspace && !Directory.Exists(options.DefaultWorkingDirectory))
        {
            errors.Add($"Agents:DefaultWorkingDirectory '{options.DefaultWorkingDirectory}' does not exist.");
        }
        else if (options.UsesDefaultWorkspace && !Path.IsPathRooted(AgentsOptions.DefaultWorkspace))
        {
            errors.Add("Agents:DefaultWorkingDirectory is empty and there is no home folder for its default (~/orchestrator-workspace): set it.");
        }

        if (!AgentsOptions.ApprovalPolicies.Contains(options.ApprovalPolicy))
        {
            errors.Add($"Agents:ApprovalPolicy must be one of {string.Join(", ", AgentsOptions.ApprovalPolicies)}, got '{options.ApprovalPolicy}'.");
        }

        if (!AgentsOptions.Sandboxes.Contains(options.Sandbox))
        {
            errors.Add($"Agents:Sandbox must be one of {string.Join(", ", AgentsOptions.Sandboxes)}, got '{options.Sandbox}'.");
        }

        foreach (var root in options.AllowedRoots.Where(r => !string.IsNullOrWhiteSpace(r)))
        {
            if (!Directory.Exists(root))
            {
                errors.Add($"Agents:AllowedRoots: the folder '{root}' does not exist.");
            }
        }

        foreach (var variable in options.PassEnvironment)
        {
            if (string.IsNullOrWhiteSpace(variable) || !EnvironmentNames.IsValid(variable))
            {
                errors.Add($"Agents:PassEnvironment: '{variable}' is not an environment variable name (letters, digits and _, not starting with a digit).");
            }
            else if (Orchestrator.Agents.Processes.EnvironmentPolicy.IsForbiddenName(variable))
            {
                errors.Add($"Agents:PassEnvironment: '{variable}' is one of the bot's own settings (Telegram__*, Access__*, Web__*), which are never passed to agents.");
            }
        }

        if (options.ApprovalTimeout <= TimeSpan.Zero)
        {
            errors.Add("Agents:ApprovalTimeout must be positive (e.g. 00:10:00).");
        }

        if (options.TypingInterval < TimeSpan.FromMilliseconds(100) || options.TypingInterval > TimeSpan.FromSeconds(5))
        {
            errors.Add("Agents:TypingInterval must be between 00:00:00.1 and 00:00:05.");
        }

        if (options.MaxAgentsPerChat is < 1 or > 1000)
        {
            errors.Add($"Agents:MaxAgentsPerChat must be between 1 and 1000, got {options.MaxAgentsPerChat}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
