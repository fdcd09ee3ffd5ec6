using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orchestrator.Core.CodingSessions;

namespace Orchestrator.Api.Sessions;

/// <summary>
/// The cleanup preview as the API shows it, and its <c>confirm</c>: a hash of everything the preview says would be
/// lost (state, turns, files, commits, artifacts, rows), so a delete confirmed on an older preview is refused.
/// </summary>
public static class CleanupPreviews
{
    public static CleanupPreviewView View(DeletePreview p)
    {
        var git = p.Git;
        var artifacts = p.Artifacts.Select(a => new PreviewArtifactView(a.Name, a.SizeBytes)).ToList();
        return new CleanupPreviewView(
            p.Session.Id, p.Session.State, git?.WorktreePath ?? p.Session.WorktreePath, git?.WorktreeExists ?? false, git?.SizeBytes ?? 0,
            git?.UncommittedFiles ?? [], git?.UntrackedFiles ?? [], git?.Branch ?? p.Session.Branch, git?.BranchExists ?? false,
            git?.UnmergedCommits ?? 0, artifacts, p.LogPath, p.LogExists, p.CommandRows, p.BranchHasUnmergedWork, Confirm(p));
    }

    /// <summary>An opaque token for this exact preview (the worktree's size is left out: it moves with git's own files).</summary>
    public static string Confirm(DeletePreview p)
    {
        var git = p.Git;
        var canonical = JsonSerializer.Serialize(new object?[]
        {
            p.Session.Id, p.Session.State, p.Session.Turns, p.Session.UpdatedAt.ToUnixTimeMilliseconds(),
            git?.WorktreeExists, git?.UncommittedFiles, git?.UntrackedFiles, git?.Branch, git?.BranchExists, git?.UnmergedCommits,
            p.Artifacts.Select(a => a.Name + ":" + a.SizeBytes).ToArray(), p.LogExists, p.CommandRows,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)).AsSpan(0, 16));
    }
}
