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

        return OperationResult<UploadedImage>.Ok(View(stored, FormatOf(stored)));
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

    /// <summary>
    /// The images a stored prompt carried, from its <c>[Image attached: path]</c> markers (the form every image reaches
    /// an agent in, from Telegram or the API), in prompt order. <paramref name="byPath"/> comes from <see cref="ByPathAsync"/>;
    /// an image deleted since (quota, session reset) is left out.
    /// </summary>
    public static IReadOnlyList<TurnImageView> InPrompt(string prompt, IReadOnlyDictionary<string, TurnImageView> byPath)
    {
        if (!prompt.Contains(MarkerStart, StringComparison.Ordinal))
        {
            return [];
        }

        var found = new List<TurnImageView>();
        foreach (var line in prompt.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith(MarkerStart, StringComparison.Ordinal) && trimmed.EndsWith(']')
                && byPath.TryGetValue(trimmed[MarkerStart.Length..^1], out var image) && !found.Contains(image))
            {
                found.Add(image);
            }
        }

        return found;
    }

    /// <summary>The agent's stored images by path (for <see cref="InPrompt"/>).</summary>
    public async Task<IReadOnlyDictionary<string, TurnImageView>> ByPathAsync(string agentId, CancellationToken cancellationToken)
    {
        var stored = await media.ListAsync(agentId, cancellationToken);
        var byPath = new Dictionary<string, TurnImageView>(StringComparer.Ordinal);
        foreach (var image in stored)
        {
            byPath[image.Path] = new TurnImageView(image.Id, FormatOf(image).MimeType);
        }

        return byPath;
    }

    private static readonly string MarkerStart = ImagePrompt.Marker("")[..^1];

    private static ImageFormat FormatOf(StoredImage stored) =>
        ImageFormat.All.FirstOrDefault(f => stored.Path.EndsWith("." + f.Extension, StringComparison.Ordinal)) ?? ImageFormat.Png;

    private static UploadedImage View(StoredImage stored, ImageFormat format) =>
        new(stored.Id, stored.AgentId, stored.Path, format.MimeType, stored.SizeBytes, ImagePrompt.Marker(stored.Path));
}
