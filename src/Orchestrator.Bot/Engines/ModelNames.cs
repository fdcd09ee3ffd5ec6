using System.Text.RegularExpressions;

namespace Orchestrator.Bot.Engines;

/// <summary>What a model name may look like (it ends up in button data and on engine command lines).</summary>
public static partial class ModelNames
{
    public const int MaxLength = 64;

    public static bool IsValid(string? name) => name is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9._:/\[\]-]+$")]
    private static partial Regex Pattern();
}
