using Orchestrator.Core.Operations;
using Orchestrator.Core.Projects;

namespace Orchestrator.Core.CodingSessions;

/// <summary>Reading sessions: one by id (as an actor may see it), by its chat message, lists, its files and project.</summary>
public sealed partial class CodingSessionService
{
    public async Task<CodingSession> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await store.GetAsync(NormalizeId(id), cancellationToken).ConfigureAwait(false)
        ?? throw new RefusedException($"There is no session “{id}”. /sessions lists them.");

    /// <summary>The session, if <paramref name="actor"/> may see it (<see cref="Actor.MaySee"/>); one they may not see is answered as unknown.</summary>
    public async Task<CodingSession> GetAsync(string id, Actor actor, CancellationToken cancellationToken = default)
    {
        var session = await store.GetAsync(NormalizeId(id), cancellationToken).ConfigureAwait(false);
        return session is not null && actor.MaySee(session.ChatId, session.RequesterId)
            ? session
            : throw new RefusedException($"There is no session “{id}” here. /sessions lists this chat's.");
    }

    public Task<CodingSession?> FindByMessageAsync(long chatId, int messageId, CancellationToken cancellationToken = default) =>
        store.FindByMessageAsync(chatId, messageId, cancellationToken);

    public Task<IReadOnlyList<CodingSession>> ListAsync(string? projectSlug, bool all, int limit, CancellationToken cancellationToken = default) =>
        ListAsync(projectSlug, all, limit, null, cancellationToken);

    /// <summary>Sessions newest first (active ones unless <paramref name="all"/>); with <paramref name="chatId"/>, that chat's only.</summary>
    public async Task<IReadOnlyList<CodingSession>> ListAsync(string? projectSlug, bool all, int limit, long? chatId, CancellationToken cancellationToken = default)
    {
        string? projectId = null;
        if (!string.IsNullOrWhiteSpace(projectSlug))
        {
            projectId = (await projects.FindAsync(projectSlug.Trim().ToLowerInvariant(), cancellationToken).ConfigureAwait(false)
                ?? throw new RefusedException($"There is no project “{projectSlug}”. /projects lists them.")).Id;
        }

        return await store.ListAsync(projectId, all, limit, chatId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The session's files (artifacts, log) in its project.</summary>
    public async Task<SessionFiles> FilesAsync(CodingSession session, CancellationToken cancellationToken = default) =>
        new((await ProjectOfAsync(session, cancellationToken).ConfigureAwait(false)).Path, session.Id);

    public async Task<Project> ProjectOfAsync(CodingSession session, CancellationToken cancellationToken = default) =>
        await projects.FindAsync(session.ProjectId, cancellationToken).ConfigureAwait(false)
        ?? throw new RefusedException($"The project of session {session.Id} is gone.");
}
