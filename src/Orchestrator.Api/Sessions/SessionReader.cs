using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Json;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Conversations;
using Orchestrator.Core.Projects;

namespace Orchestrator.Api.Sessions;

/// <summary>
/// Reads sessions for the API: a session the caller may not see (<see cref="SessionVisibility"/>) is answered exactly
/// like an unknown one, and views carry the project's slug.
/// </summary>
public sealed class SessionReader(CodingSessionStore store, ProjectStore projects)
{
    /// <summary>How many sessions a list reads before filtering (the store's own bound).</summary>
    public const int ScanLimit = 500;

    /// <summary>The session, or null when it does not exist, is not visible to the caller, or the id is not one.</summary>
    public async Task<CodingSession?> FindAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var normalized = Normalize(id);
        if (normalized is null)
        {
            return null;
        }

        var session = await store.GetAsync(normalized, cancellationToken).ConfigureAwait(false);
        return session is not null && SessionVisibility.MayView(caller, session) ? session : null;
    }

    /// <summary>The visible sessions, newest first: of a project (by id), active only unless <paramref name="all"/>.</summary>
    public async Task<IReadOnlyList<CodingSession>> ListAsync(Caller caller, string? projectId, bool all, CancellationToken cancellationToken) =>
        (await store.ListAsync(projectId, all, ScanLimit, cancellationToken).ConfigureAwait(false))
            .Where(s => SessionVisibility.MayView(caller, s)).ToList();

    public async Task<SessionView> ViewAsync(CodingSession session, CancellationToken cancellationToken) =>
        SessionView.Of(session, (await projects.FindAsync(session.ProjectId, cancellationToken).ConfigureAwait(false))?.Slug);

    public async Task<IReadOnlyList<SessionView>> ViewsAsync(IEnumerable<CodingSession> sessions, CancellationToken cancellationToken)
    {
        var slugs = await SlugsAsync(cancellationToken).ConfigureAwait(false);
        return sessions.Select(s => SessionView.Of(s, slugs.GetValueOrDefault(s.ProjectId))).ToList();
    }

    public async Task<Dictionary<string, string>> SlugsAsync(CancellationToken cancellationToken) =>
        (await ProjectsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Key, p => p.Value.Slug, StringComparer.Ordinal);

    /// <summary>Every project by id.</summary>
    public async Task<Dictionary<string, Project>> ProjectsAsync(CancellationToken cancellationToken) =>
        (await projects.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Id, StringComparer.Ordinal);

    public Task<Project?> ProjectAsync(string idOrSlug, CancellationToken cancellationToken) =>
        idOrSlug.Length is 0 or > 100 ? Task.FromResult<Project?>(null) : projects.FindAsync(idOrSlug.Trim().ToLowerInvariant(), cancellationToken);

    public static string? Normalize(string id)
    {
        var normalized = id.Trim().ToLowerInvariant();
        return SessionIds.IsWellFormed(normalized) ? normalized : null;
    }

    public static IResult NotFound(string id) =>
        Problems.Of(StatusCodes.Status404NotFound, $"There is no session {Shorten(id)} you can see (GET /api/v1/sessions lists yours).");

    public static IResult UnknownProject(string slug) =>
        Problems.Of(StatusCodes.Status404NotFound, $"There is no project {Shorten(slug)} (GET /api/v1/projects lists them).");

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
