namespace Orchestrator.Core.Conversations;

/// <summary>An uploaded image: <see cref="Marker"/> is the <c>[Image attached: path]</c> line a prompt with it carries.</summary>
public sealed record UploadedImage(long Id, string AgentId, string Path, string MimeType, long SizeBytes, string Marker);

/// <summary>
/// Images uploaded for an agent outside Telegram: the type is recognised by the bytes (never by a claimed name or MIME
/// type), the size bounded, and the file stored under <c>&lt;DataDirectory&gt;/images/&lt;agentId&gt;/web/</c> within the
/// same quotas as Telegram's images.
/// </summary>
public interface IImageUploads
{
    /// <summary>The most an upload may have (the host's <c>Media:MaxImageBytes</c>).</summary>
    long MaxBytes { get; }

    Task<OperationResult<UploadedImage>> SaveAsync(Caller caller, string agentId, byte[] bytes, CancellationToken cancellationToken = default);

    Task<OperationResult<UploadedImage>> GetAsync(Caller caller, long imageId, CancellationToken cancellationToken = default);
}
