namespace Orchestrator.Telegram.Types;

public sealed class ReplyParameters
{
    public int MessageId { get; set; }

    public bool? AllowSendingWithoutReply { get; set; }
}

public sealed class LinkPreviewOptions
{
    public bool? IsDisabled { get; set; }
}
