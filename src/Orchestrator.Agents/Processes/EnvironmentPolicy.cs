using System.Collections;
using System.Collections.Immutable;

namespace Orchestrator.Agents.Processes;

/// <summary>
/// Which of the host's environment variables an agent process may see: an allow-list, because whatever the agent CLI
/// gets, the agent's shell commands get too (and can print into the chat). Passed: the basics a shell and the CLIs need
/// (<c>PATH</c>, <c>HOME</c>, <c>USER</c>, <c>LANG</c>, <c>LC_*</c>, <c>TERM</c>, <c>TMPDIR</c>, <c>SHELL</c>), what the
/// engines sign in and find their configuration with (<c>CODEX_HOME</c>, <c>OPENAI_*</c>, <c>ANTHROPIC_*</c>,
/// <c>CLAUDE_CONFIG_DIR</c>) and the <see cref="PassedNames"/>. Never passed, even when allow-listed or set explicitly:
/// the bot's own settings (<c>Telegram__*</c>, <c>Access__*</c>, <c>Web__*</c>, any case) and any variable whose value
/// contains one of the <see cref="SecretValues"/> (the bot token).
/// </summary>
public sealed record EnvironmentPolicy
{
    /// <summary>Secrets shorter than this are ignored: a value like "1" would remove half the environment.</summary>
    public const int MinimumSecretLength = 8;

    /// <summary>The basics only (no extra names, no secrets).</summary>
    public static readonly EnvironmentPolicy Default = new();

    private static readonly ImmutableHashSet<string> BasicNames = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TERM", "TMPDIR", "SHELL", "TZ",
        "CODEX_HOME", "CLAUDE_CONFIG_DIR");

    private static readonly string[] AllowedPrefixes = ["LC_", "OPENAI_", "ANTHROPIC_"];

    private static readonly string[] ForbiddenPrefixes = ["Telegram__", "Access__", "Web__"];

    /// <summary>Further variable names to pass (exact, case-sensitive as on Unix).</summary>
    public ImmutableHashSet<string> PassedNames { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>
    /// Further name prefixes to pass (an engine's own variables, e.g. Copilot's <c>COPILOT_</c>); case-sensitive.
    /// The bot's own settings stay forbidden whatever the prefix.
    /// </summary>
    public ImmutableArray<string> PassedPrefixes { get; init; } = [];

    /// <summary>Values that must never reach a child (a variable containing one is dropped).</summary>
    public ImmutableArray<string> SecretValues { get; init; } = [];

    /// <summary>Also passes these names (blank ones are ignored).</summary>
    public EnvironmentPolicy WithPassedNames(IEnumerable<string> names) =>
        this with { PassedNames = PassedNames.Union(names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim())) };

    /// <summary>Also passes the names that start with one of these prefixes (blank ones are ignored).</summary>
    public EnvironmentPolicy WithPassedPrefixes(IEnumerable<string> prefixes) =>
        this with { PassedPrefixes = PassedPrefixes.AddRange(prefixes.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim())) };

    /// <summary>Also withholds any variable containing one of these values (blank or short ones are ignored).</summary>
    public EnvironmentPolicy WithSecretValues(IEnumerable<string?> secrets) =>
        this with { SecretValues = SecretValues.AddRange(secrets.OfType<string>().Where(s => s.Trim().Length >= MinimumSecretLength)) };

    /// <summary>True when a variable of this name is one of the bot's own settings, never passed.</summary>
    public static bool IsForbiddenName(string name) =>
        ForbiddenPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when <paramref name="name"/> is on the allow-list (and not forbidden).</summary>
    public bool AllowsName(string name) =>
        !IsForbiddenName(name) &&
        (BasicNames.Contains(name) || PassedNames.Contains(name)
         || AllowedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))
         || PassedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)));

    /// <summary>True when the value carries a secret.</summary>
    public bool IsSecretValue(string? value) =>
        value is { Length: > 0 } && SecretValues.Any(s => value.Contains(s, StringComparison.Ordinal));

    /// <summary>
    /// The child's whole environment: the allowed part of <paramref name="parent"/>, then <paramref name="explicitVariables"/>
    /// (configured for the engine: set, or with a null value removed), minus anything forbidden or secret.
    /// </summary>
    public ImmutableDictionary<string, string> Apply(
        IEnumerable<KeyValuePair<string, string>> parent, IEnumerable<KeyValuePair<string, string?>>? explicitVariables = null)
    {
        var result = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in parent)
        {
            if (AllowsName(name))
            {
                result[name] = value;
            }
        }

        foreach (var (name, value) in explicitVariables ?? [])
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else if (!IsForbiddenName(name))
            {
                result[name] = value;
            }
        }

        foreach (var (name, value) in result.ToList())
        {
            if (IsSecretValue(value))
            {
                result.Remove(name);
            }
        }

        return result.ToImmutable();
    }

    /// <summary><see cref="Apply(IEnumerable{KeyValuePair{string, string}}, IEnumerable{KeyValuePair{string, string?}}?)"/> with this process's environment as the parent.</summary>
    public ImmutableDictionary<string, string> ApplyToCurrentProcess(IEnumerable<KeyValuePair<string, string?>>? explicitVariables = null) =>
        Apply(CurrentProcessEnvironment(), explicitVariables);

    /// <summary>This process's environment variables.</summary>
    public static IEnumerable<KeyValuePair<string, string>> CurrentProcessEnvironment()
    {
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                yield return new(name, value);
            }
        }
    }
}
