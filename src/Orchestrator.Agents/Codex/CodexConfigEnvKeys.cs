using System.Text.RegularExpressions;

namespace Orchestrator.Agents.Codex;

/// <summary>
/// The environment variables Codex's model providers sign in with: every <c>env_key = "NAME"</c> in
/// <c>$CODEX_HOME/config.toml</c>. A tolerant line reader, not a TOML parser: it only has to find the names the
/// <see cref="Processes.EnvironmentPolicy"/> must pass so that a configured provider still works.
/// </summary>
public static partial class CodexConfigEnvKeys
{
    /// <summary>The Codex home: <c>CODEX_HOME</c> if set, otherwise <c>~/.codex</c> (null without either).</summary>
    public static string? CodexHome(string? codexHome, string? home) =>
        !string.IsNullOrWhiteSpace(codexHome) ? codexHome
        : !string.IsNullOrWhiteSpace(home) ? Path.Combine(home, ".codex")
        : null;

    /// <summary>The <c>env_key</c> names in <c>config.toml</c> under <paramref name="codexHome"/>; none if it cannot be read.</summary>
    public static IReadOnlyList<string> Read(string? codexHome)
    {
        if (codexHome is null)
        {
            return [];
        }

        try
        {
            var path = Path.Combine(codexHome, "config.toml");
            return File.Exists(path) ? Parse(File.ReadAllText(path)) : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The names in <c>env_key = "NAME"</c> (or single-quoted, or inside an inline table); commented-out lines ignored.</summary>
    public static IReadOnlyList<string> Parse(string toml) =>
        [.. toml.Split('\n')
            .Where(l => !l.TrimStart().StartsWith('#'))
            .SelectMany(l => EnvKey().Matches(l))
            .Select(m => m.Groups["name"].Value)
            .Distinct(StringComparer.Ordinal)];

    [GeneratedRegex("""(?:^|[\s{,])env_key\s*=\s*(["'])(?<name>[A-Za-z_][A-Za-z0-9_]*)\1""")]
    private static partial Regex EnvKey();
}
