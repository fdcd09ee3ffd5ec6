using System.Text;

namespace Orchestrator.Core.CodingSessions;

/// <summary>
/// Where a session lives on disk and in git, all under the project's <c>.orchestrator/</c> folder (which the worktree
/// layer adds to <c>.git/info/exclude</c>): <c>worktrees/&lt;id&gt;</c>, <c>artifacts/&lt;id&gt;/</c>, <c>logs/&lt;id&gt;.log</c>;
/// branch <c>orch/&lt;agent&gt;/&lt;project-slug&gt;/&lt;id&gt;</c>.
/// </summary>
public static class SessionPaths
{
    public const string Folder = ".orchestrator";

    public static string Worktree(string projectPath, string sessionId) => Path.Combine(projectPath, Folder, "worktrees", sessionId);

    public static string Artifacts(string projectPath, string sessionId) => Path.Combine(projectPath, Folder, "artifacts", sessionId);

    public static string Log(string projectPath, string sessionId) => Path.Combine(projectPath, Folder, "logs", sessionId + ".log");

    public static string Branch(string agent, string projectSlug, string sessionId) => $"orch/{BranchPart(agent)}/{projectSlug}/{sessionId}";

    /// <summary>An agent name as a branch segment: lowercase letters, digits and dashes.</summary>
    private static string BranchPart(string agent)
    {
        var builder = new StringBuilder();
        foreach (var c in agent.ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var part = builder.ToString().Trim('-');
        return part.Length == 0 ? "agent" : part[..Math.Min(part.Length, 32)];
    }
}
