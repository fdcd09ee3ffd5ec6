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
}

/// <summary>The <c>Claude</c> configuration section.</summary>
public sealed class ClaudeOptions
{
    public const string Section = "Claude";

    /// <summary>The claude executable: a name on PATH or a path.</summary>
    public string Command { get; set; } = "claude";

    /// <summary>Extra environment variables for claude (e.g. ANTHROPIC_BASE_URL).</summary>
    public Dictionary<string, string> Environment { get; set; } = [];
}

internal sealed class CodexOptionsValidator : IValidateOptions<CodexOptions>
{
    public ValidateOptionsResult Validate(string? name, CodexOptions options) =>
        string.IsNullOrWhiteSpace(options.Command)
            ? ValidateOptionsResult.Fail("Codex:Command must not be empty (default 'codex').")
            : ValidateOptionsResult.Success;
}

internal sealed class ClaudeOptionsValidator : IValidateOptions<ClaudeOptions>
{
    public ValidateOptionsResult Validate(string? name, ClaudeOptions options) =>
        string.IsNullOrWhiteSpace(options.Command)
            ? ValidateOptionsResult.Fail("Claude:Command must not be empty (default 'claude').")
            : ValidateOptionsResult.Success;
}
