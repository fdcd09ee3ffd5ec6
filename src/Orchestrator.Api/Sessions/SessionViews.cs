using Orchestrator.Core.CodingSessions;

namespace Orchestrator.Api.Sessions;

/// <summary>A coding session as the API shows it (<c>project</c> is the project's slug).</summary>
public sealed record SessionView(
    string Id,
    string ProjectId,
    string? Project,
    string Agent,
    string Engine,
    string Action,
    string Task,
    string? Model,
    string State,
    string? Branch,
    string? WorktreePath,
    string? BaseCommit,
    long RequesterId,
    string RequesterName,
    long ChatId,
    long TopicId,
    string? Reason,
    int Turns,
    long InputTokens,
    long OutputTokens,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static SessionView Of(CodingSession s, string? projectSlug) => new(
        s.Id, s.ProjectId, projectSlug, s.Agent, s.Engine, s.Action, s.Task, s.Model, s.State, s.Branch, s.WorktreePath, s.BaseCommit,
        s.RequesterId, s.RequesterName, s.ChatId, s.TopicId, s.Reason, s.Turns, s.InputTokens, s.OutputTokens, s.CreatedAt, s.UpdatedAt);
}

/// <summary>The body of <c>POST /sessions</c>: <c>/send AGENT ACTION PROJECT [TASK…] [--model MODEL]</c> as fields.</summary>
/// <param name="ChatId">Where the session is announced (default: the caller's private chat; another chat: admins only).</param>
public sealed record StartSessionBody(string? Agent, string? Action, string? Project, string? Task, string? Model, long? ChatId);

/// <summary>The body of <c>POST /sessions/{id}/followup</c> and <c>/resume</c>.</summary>
public sealed record SessionTextBody(string? Text);

/// <summary>The body of <c>POST /sessions/{id}/delete</c>: the <c>confirm</c> of the preview the client showed.</summary>
public sealed record DeleteSessionBody(string? Confirm, bool? DeleteBranch);

/// <summary>One artifact in a cleanup preview.</summary>
public sealed record PreviewArtifactView(string Name, long SizeBytes);

/// <summary>
/// What deleting the session would remove (as <c>/delete</c> shows it); <c>confirm</c> identifies this exact preview
/// and is what <c>POST /sessions/{id}/delete</c> must send back.
/// </summary>
public sealed record CleanupPreviewView(
    string SessionId,
    string State,
    string? WorktreePath,
    bool WorktreeExists,
    long WorktreeBytes,
    IReadOnlyList<string> UncommittedFiles,
    IReadOnlyList<string> UntrackedFiles,
    string? Branch,
    bool BranchExists,
    int UnmergedCommits,
    IReadOnlyList<PreviewArtifactView> Artifacts,
    string LogPath,
    bool LogExists,
    int CommandRows,
    bool BranchHasUnmergedWork,
    string Confirm);

/// <summary>The answer of <c>GET /sessions/{id}/log-tail</c>.</summary>
public sealed record LogTailView(string SessionId, IReadOnlyList<string> Lines);

/// <summary>One changed file of a diff.</summary>
public sealed record DiffFileView(string Path, int Added, int Removed);

/// <summary>The answer of <c>GET /sessions/{id}/diff</c>: the session's change against its base (cut at 1 MiB).</summary>
public sealed record DiffView(string SessionId, string? Branch, string? BaseCommit, string Diff, bool Truncated, IReadOnlyList<DiffFileView> Files);
