namespace Orchestrator.Core.CodingSessions;

/// <summary>
/// Tells the session's chat what the core produced outside a turn's own message: an artifact at the end of a turn
/// (the diff as a document with a one-line stat, the plan as plan.md). The host's Telegram face implements it.
/// </summary>
public interface ISessionNotifier
{
    Task ArtifactCreatedAsync(CodingSession session, SessionArtifact artifact, string caption, CancellationToken cancellationToken = default);
}

/// <summary>A file of a session under <c>.orchestrator/artifacts/&lt;id&gt;/</c>.</summary>
public sealed record SessionArtifact(string Name, string Path, long SizeBytes);
