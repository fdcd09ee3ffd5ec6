namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>A file the bot sends as a document (e.g. the full text of a shortened approval prompt); the caption is plain text.</summary>
public sealed record OutgoingDocument(string FileName, byte[] Content, string? Caption = null)
{
    /// <summary>Telegram's limit on a caption.</summary>
    public const int MaxCaptionLength = 1024;

    /// <summary>A UTF-8 text file.</summary>
    public static OutgoingDocument FromText(string fileName, string text, string? caption = null) =>
        new(fileName, System.Text.Encoding.UTF8.GetBytes(text), caption);
}
