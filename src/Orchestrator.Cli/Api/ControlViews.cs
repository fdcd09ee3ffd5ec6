using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Cli.Api;

// The control plane's shapes as the API sends them (CONTRACT: /api/v1 projects, sessions, artifacts, commands).
// The CLI prints these for people; --json prints the API's own JSON instead, so a field added later still reaches
// scripts even before the CLI knows it.

/// <summary>A project: <c>GET /projects</c>, <c>/projects/{id}</c>, <c>POST /projects</c>.</summary>
public sealed record ProjectView(
    string Id,
    string Slug,
    string Name,
    string Path,
    string DefaultBranch,
    int ActiveSessions,
    int Sessions,
    long? DiskBytes,
    DateTimeOffset? CreatedAt);

/// <summary>A coding session: <c>GET /sessions</c>, <c>/sessions/{id}</c> and the answer of every session command.</summary>
public sealed record SessionView(
    string Id,
    string? ProjectId,
    string? Project,
    string? Agent,
    string? Engine,
    string? Action,
    string? Task,
    string? Model,
    string State,
    string? Branch,
    string? WorktreePath,
    string? BaseCommit,
    long? RequesterId,
    string? RequesterName,
    long? ChatId,
    long? TopicId,
    string? Reason,
    int Turns,
    long? InputTokens,
    long? OutputTokens,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt);

/// <summary>An artifact's name and size in a cleanup preview.</summary>
public sealed record PreviewArtifact(string Name, long SizeBytes);

/// <summary>What <c>POST /sessions/{id}/delete</c> would remove; <see cref="Confirm"/> names this exact preview.</summary>
public sealed record CleanupPreviewView(
    string SessionId,
    string State,
    string? WorktreePath,
    bool WorktreeExists,
    long? WorktreeBytes,
    IReadOnlyList<string>? UncommittedFiles,
    IReadOnlyList<string>? UntrackedFiles,
    string? Branch,
    bool BranchExists,
    int UnmergedCommits,
    IReadOnlyList<PreviewArtifact>? Artifacts,
    string? LogPath,
    bool LogExists,
    int CommandRows,
    bool BranchHasUnmergedWork,
    string Confirm);

/// <summary>A file of a session's diff.</summary>
public sealed record DiffFile(string Path, int Added, int Removed);

/// <summary><c>GET /sessions/{id}/diff</c>.</summary>
public sealed record DiffView(string SessionId, string? Branch, string? BaseCommit, string? Diff, bool Truncated, IReadOnlyList<DiffFile>? Files);

/// <summary><c>GET /sessions/{id}/log-tail</c>.</summary>
public sealed record LogTailView(string SessionId, IReadOnlyList<string>? Lines);

/// <summary>A file a session left: <c>GET /artifacts</c>; <see cref="Id"/> is <c>SESSIONID.NAME</c>.</summary>
public sealed record ArtifactView(string Id, string SessionId, string? Project, string Name, long SizeBytes, DateTimeOffset? ModifiedAt);

/// <summary>The API's JSON conventions (snake_case, absent values left out) for reading its answers.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <summary>The answer as <typeparamref name="T"/>; an answer of another shape is a clear failure, not a crash.</summary>
    public static T Read<T>(JsonElement json)
    {
        try
        {
            return json.Deserialize<T>(Options) ?? throw new ApiException($"The API answered nothing where a {typeof(T).Name} was expected.");
        }
        catch (JsonException ex)
        {
            throw new ApiException($"The API's answer is not the {typeof(T).Name} this orch expects ({ex.Message}). Is orch as new as the bot?");
        }
    }

    public static IReadOnlyList<T> ReadList<T>(JsonElement json) =>
        json.ValueKind == JsonValueKind.Array ? json.EnumerateArray().Select(Read<T>).ToList() : throw new ApiException("The API's answer is not a list.");
}
