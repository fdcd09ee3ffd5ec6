namespace Orchestrator.Bot.Media;

/// <summary>The <c>Media</c> configuration section: images users send to agents.</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>Telegram lets bots download files up to 20 MB; no limit may be above it.</summary>
    public const long TelegramDownloadLimit = 20L * 1024 * 1024;

    /// <summary>
    /// The shortest <see cref="AlbumQuietTime"/>. The bot always long-polls (the inbox confirms updates at once), so an
    /// album's parts reach it as soon as Telegram has them; the floor only keeps a typo from splitting every album.
    /// </summary>
    public static readonly TimeSpan MinAlbumQuietTime = TimeSpan.FromMilliseconds(100);

    /// <summary>An album's parts arrive as separate updates: its turn starts once no part came for this long (0.1–30 s).</summary>
    public TimeSpan AlbumQuietTime { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Largest image accepted, in bytes (default 8 MB; at most 20 MB, Telegram's download limit).</summary>
    public long MaxImageBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>Disk space the stored images of one agent may take; the oldest are removed first (default 200 MB).</summary>
    public long MaxBytesPerAgent { get; set; } = 200L * 1024 * 1024;

    /// <summary>
    /// Disk space the stored images of all agents together may take (default 1 GiB); the oldest, of any agent, are
    /// removed first. Without it, many agents (each within its own quota) could still fill the disk.
    /// </summary>
    public long MaxTotalImageBytes { get; set; } = 1024L * 1024 * 1024;
}
