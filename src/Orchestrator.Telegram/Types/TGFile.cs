namespace Orchestrator.Telegram.Types;

/// <summary>The result of getFile (named TGFile as in Telegram.Bot, to avoid clashing with System.IO.File).</summary>
public sealed class TGFile
{
    public string FileId { get; set; } = "";

    public string FileUniqueId { get; set; } = "";

    public long? FileSize { get; set; }

    public string? FilePath { get; set; }
}
