using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Engines;

/// <summary>The <c>Codex</c> configuration section.</summary>
public sealed class CodexOptions
{
    public const string Section = "Codex";

    /// <summary>The codex executable: a name on PATH or a path.</summary>
    public string Command { get; set; } = "codex";

    /// <summary>Extra environment variables for app-server (e.g. CODEX_HOME).</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>
    /// How long a request to app-server may go unanswered before app-server counts as hung and is restarted
    /// (turns themselves stream and are not limited).
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Start app-server in the background once the bot polls Telegram (after the first getUpdates), so the first message
    /// does not wait for it. A failure is a warning; the next message starts it again.
    /// </summary>
    public bool WarmStart { get; set; } = true;
}

/// <summary>The <c>Claude</c> configuration section.</summary>
public sealed class ClaudeOptions
{
    public const string Section = "Claude";

    /// <summary>The claude executable: a name on PATH or a path.</summary>
    public string Command { get; set; } = "claude";

    /// <summary>Extra environment variables for claude (e.g. ANTHROPIC_BASE_URL); an empty value removes an inherited variable.</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>A session's claude process is stopped after this long without a turn (and resumed on the next one).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The <c>--setting-sources</c> claude loads (comma-separated <c>user</c>, <c>project</c>, <c>local</c>). Default
    /// <c>user</c>: a repository's own <c>.claude/settings.json</c> (hooks, allow rules) is ignored, since <c>/folder</c>
    /// may point an agent at any repository.
    /// </summary>
    public string SettingSources { get; set; } = "user";

    /// <summary>At most this many Claude sessions have a process at once (the least recently used idle one is stopped first).</summary>
    public int MaxProcesses { get; set; } = 4;

    public static readonly string[] SettingSourceNames = ["user", "project", "local"];

    /// <summary>
    /// The models <c>/model</c> offers for Claude agents (any name can still be typed: <c>/model NAME</c>).
    /// Empty: <see cref="DefaultModels"/>.
    /// </summary>
    public List<string> Models { get; set; } = [];

    public static readonly string[] DefaultModels = ["sonnet", "opus", "haiku"];

    /// <summary>The configured models, or the defaults when none are configured.</summary>
    public IReadOnlyList<string> OfferedModels => Models.Count == 0 ? DefaultModels : Models;
}

internal sealed class CodexOptionsValidator : IValidateOptions<CodexOptions>
{
    public ValidateOptionsResult Validate(string? name, CodexOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Command))
        {
            errors.Add("Codex:Command must not be empty (default 'codex').");
        }

        if (options.RequestTimeout < TimeSpan.FromSeconds(1) || options.RequestTimeout > TimeSpan.FromMinutes(30))
        {
            errors.Add("Codex:RequestTimeout must be between 00:00:01 and 00:30:00 (default 00:01:00).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class ClaudeOptionsValidator : IValidateOptions<ClaudeOptions>
{
    public ValidateOptionsResult Validate(string? name, ClaudeOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Command))
        {
            errors.Add("Claude:Command must not be empty (default 'claude').");
        }

        if (options.IdleTimeout <= TimeSpan.Zero)
        {
            errors.Add("Claude:IdleTimeout must be positive (e.g. 00:10:00).");
        }

        if (options.MaxProcesses < 1)
        {
            errors.Add($"Claude:MaxProcesses must be at least 1, got {options.MaxProcesses}.");
        }

        foreach (var source in (options.SettingSources ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!ClaudeOptions.SettingSourceNames.Contains(source))
            {
                errors.Add($"Claude:SettingSources: '{source}' is not a setting source (use {string.Join(", ", ClaudeOptions.SettingSourceNames)}, comma-separated).");
            }
        }

        foreach (var model in options.Models.Where(m => !ModelNames.IsValid(m)))
        {
            errors.Add($"Claude:Models: '{model}' is not a model name (letters, digits and . _ - : / [ ], up to 64).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
