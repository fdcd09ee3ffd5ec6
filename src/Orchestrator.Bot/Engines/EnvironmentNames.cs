using System.Text.RegularExpressions;

namespace Orchestrator.Bot.Engines;

/// <summary>What an environment variable name in the configuration may look like.</summary>
public static partial class EnvironmentNames
{
    public static bool IsValid(string? name) => name is { Length: > 0 and <= 128 } && Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Pattern();
}
