using Orchestrator.Core.Git;

namespace Orchestrator.Core.CodingSessions;

/// <summary>Whether an engine's own turn diff can stand for the turn (it names every file git saw change).</summary>
internal static class TurnDiffs
{
    /// <summary>
    /// True when <paramref name="engineDiff"/> has a <c>diff --git a/X b/X</c> header for every file of
    /// <paramref name="changed"/>. Codex tracks only its file-change items, so a turn that also edited files with shell
    /// commands has a partial engine diff: then git's is the truth.
    /// </summary>
    public static bool Covers(string? engineDiff, IReadOnlyList<DiffFile> changed)
    {
        if (string.IsNullOrWhiteSpace(engineDiff) || changed.Count == 0)
        {
            return false;
        }

        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in engineDiff.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("diff --git a/", StringComparison.Ordinal) && line.IndexOf(" b/", StringComparison.Ordinal) is var split and > 0)
            {
                named.Add(line["diff --git a/".Length..split].ToString());
                named.Add(line[(split + " b/".Length)..].ToString());
            }
        }

        return changed.All(f => named.Contains(f.Path));
    }
}
