using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Core.CodingSessions;

namespace Orchestrator.Bot.CodingSessions;

/// <summary>Sends a session's new artifact (the turn's diff, the plan) to its chat as a document, under the session's message.</summary>
public sealed class TelegramSessionNotifier(ITelegramOutbox outbox) : ISessionNotifier
{
    /// <summary>Telegram bots may send documents up to 50 MB; larger artifacts stay on disk and are only announced.</summary>
    public const long MaxDocumentBytes = 45L * 1024 * 1024;

    public async Task ArtifactCreatedAsync(CodingSession session, SessionArtifact artifact, string caption, CancellationToken cancellationToken = default)
    {
        var target = CodingTurnRunner.TargetOf(session);
        if (artifact.SizeBytes > MaxDocumentBytes)
        {
            await outbox.SendAsync(target, OutgoingContent.FromPlainText($"{caption}\n{artifact.Name} is too large to send ({Orchestrator.Core.Projects.DiskUsage.Format(artifact.SizeBytes)}); it is at {artifact.Path}."),
                session.MessageId, cancellationToken);
            return;
        }

        var bytes = await File.ReadAllBytesAsync(artifact.Path, cancellationToken);
        var text = caption.Length > OutgoingDocument.MaxCaptionLength ? caption[..(OutgoingDocument.MaxCaptionLength - 1)] + "…" : caption;
        await outbox.SendDocumentAsync(target, new OutgoingDocument(artifact.Name, bytes, text), session.MessageId, cancellationToken);
    }
}
