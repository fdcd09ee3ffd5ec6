using Microsoft.Extensions.Logging;

namespace Orchestrator.Bot.Media;

/// <summary>An image the bot will not pass on, and why (a message for the user, replying to <see cref="ImageReference.MessageId"/>).</summary>
public sealed record ImageRefusal(ImageReference Image, string Message);

/// <summary>The images ready for a turn, in order, and the ones refused.</summary>
public sealed record ImageBatch(IReadOnlyList<StoredImage> Images, IReadOnlyList<ImageRefusal> Refusals);

/// <summary>
/// Brings the images of a message (or album) to disk for an agent: a stored copy is reused, anything else is downloaded,
/// checked and stored; then the agent's quota is enforced (never removing this batch's images).
/// </summary>
public sealed class ImageIntake(TelegramImageDownloader downloader, MediaStore store, ILogger<ImageIntake> logger)
{
    public async Task<ImageBatch> FetchAsync(string agentId, IReadOnlyList<ImageReference> references, CancellationToken cancellationToken)
    {
        var images = new List<StoredImage>();
        var refusals = new List<ImageRefusal>();
        foreach (var reference in references)
        {
            try
            {
                var stored = await store.FindAsync(agentId, reference.FileId, cancellationToken);
                if (stored is null)
                {
                    var downloaded = await downloader.DownloadAsync(reference, cancellationToken);
                    stored = await store.SaveAsync(agentId, reference.FileId, downloaded, images.Select(i => i.Id).ToList(), cancellationToken);
                }
                else
                {
                    logger.LogDebug("Reusing stored image {Path}", stored.Path);
                }

                images.Add(stored);
            }
            catch (ImageRefusedException ex)
            {
                logger.LogInformation("Refused an image for agent {AgentId}: {Reason}", agentId, ex.Message);
                refusals.Add(new ImageRefusal(reference, ex.Message));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                logger.LogError(ex, "Could not store an image for agent {AgentId}", agentId);
                refusals.Add(new ImageRefusal(reference, $"📎 I could not save {reference.Describe()}: {ex.Message}"));
            }
        }

        if (images.Count > 0)
        {
            await store.EnforceQuotaAsync(agentId, images.Select(i => i.Id).ToHashSet(), cancellationToken);
        }

        return new ImageBatch(images, refusals);
    }
}
