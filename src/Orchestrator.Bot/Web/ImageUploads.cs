using Microsoft.Extensions.Options;
using Orchestrator.Bot.Media;
using Orchestrator.Core.Conversations;

namespace Orchestrator.Bot.Web;

/// <summary>
/// Images uploaded through the API: recognised by <see cref="ImageSniffer"/> (the bytes, never the claimed type),
/// bounded by <c>Media:MaxImageBytes</c>, stored by <see cref="MediaStore"/> under the agent's <c>web/</c> folder within
/// the same quotas as Telegram's images. Only a caller who may see the agent may upload for it or read its images.
/// </summary>
public sealed class ImageUploads(MediaStore media, AgentAccess access, IOptions<MediaOptions> options, TimeProvider time) : IImageUploads
{
    public long MaxBytes => options.Value.MaxImageBytes;

    public async Task<OperationResult<UploadedImage>> SaveAsync(Caller caller, string agentId, byte[] bytes, CancellationToken cancellationToken = default)
    {
        var agent = await access.FindAsync(caller, agentId, cancellationToken);
        if (agent is null)
        {
            return OperationResult<UploadedImage>.Fail(OperationStatus.NotFound, $"There is no agent {agentId} you can use.");
        }

        if (bytes.LongLength > MaxBytes)
        {
            return OperationResult<UploadedImage>.Fail(OperationStatus.Invalid, $"The image is larger than {MaxBytes} bytes.");
        }

        if (ImageSniffer.Detect(bytes) is not { } format)
        {
            return OperationResult<UploadedImage>.Fail(OperationStatus.Invalid, "This file is not a PNG, JPEG, GIF or WebP image (checked by its content, not its name or type).");
        }

        try
        {
            var stored = await media.SaveUploadAsync(agent.Id, new DownloadedImage(bytes, format), time.GetUtcNow(), cancellationToken);
            await media.EnforceQuotaAsync(agent.Id, [stored.Id], cancellationToken);
            return OperationResult<UploadedImage>.Ok(View(stored, format));
        }
        catch (ImageRefusedException ex)
        {
            return OperationResult<UploadedImage>.Fail(OperationStatus.Conflict, ex.Message);
        }
    }

    public async Task<OperationResult<UploadedImage>> GetAsync(Caller caller, long imageId, CancellationToken cancellationToken = default)
    {
        var stored = await media.GetAsync(imageId, cancellationToken);
        if (stored is null || await access.FindAsync(caller, stored.AgentId, cancellationToken) is null)
        {
            return OperationResult<UploadedImage>.Fail(OperationStatus.NotFound, $"There is no image {imageId} you can see.");
        }

        var format = ImageFormat.All.FirstOrDefault(f => stored.Path.EndsWith("." + f.Extension, StringComparison.Ordinal)) ?? ImageFormat.Png;
        return OperationResult<UploadedImage>.Ok(View(stored, format));
    }

    /// <summary>Stored images of <paramref name="agentId"/> with these ids, in the given order; null when one is not the agent's.</summary>
    public async Task<IReadOnlyList<StoredImage>?> ResolveAsync(string agentId, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var images = new List<StoredImage>();
        foreach (var id in ids.Distinct())
        {
            var stored = await media.GetAsync(id, cancellationToken);
            if (stored is null || stored.AgentId != agentId)
            {
                return null;
            }

            images.Add(stored);
        }

        return images;
    }

    private static UploadedImage View(StoredImage stored, ImageFormat format) =>
        new(stored.Id, stored.AgentId, stored.Path, format.MimeType, stored.SizeBytes, ImagePrompt.Marker(stored.Path));
}
