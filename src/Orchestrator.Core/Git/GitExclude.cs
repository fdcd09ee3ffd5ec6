namespace Orchestrator.Core.Git;

/// <summary>
/// Keeps <c>.orchestrator/</c> (worktrees, logs, artifacts) out of <c>git status</c> through the repository's
/// <c>info/exclude</c>: local to the clone, never committed, and read by every worktree because it lives in the common
/// git directory (a linked worktree's own git directory has no <c>info/</c> of its own).
/// </summary>
internal static class GitExclude
{
    public const string OrchestratorPattern = ".orchestrator/";

    private static readonly string[] Equivalent = [".orchestrator/", "/.orchestrator/", ".orchestrator", "/.orchestrator"];

    /// <summary>Appends the pattern unless a line already excludes the folder; true when the file was changed.</summary>
    public static async Task<bool> EnsureAsync(string commonGitDirectory, CancellationToken cancellationToken)
    {
        var info = Path.Combine(commonGitDirectory, "info");
        Directory.CreateDirectory(info);
        var file = Path.Combine(info, "exclude");
        var text = File.Exists(file) ? await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false) : string.Empty;
        if (text.Split('\n').Any(line => Equivalent.Contains(line.Trim(), StringComparer.Ordinal)))
        {
            return false;
        }

        var separator = text.Length == 0 || text.EndsWith('\n') ? string.Empty : "\n";
        await File.AppendAllTextAsync(
            file,
            $"{separator}# Orchestrator.Bot: worktrees, logs and artifacts of coding sessions\n{OrchestratorPattern}\n",
            cancellationToken).ConfigureAwait(false);
        return true;
    }
}
