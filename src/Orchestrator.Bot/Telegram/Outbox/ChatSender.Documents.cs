using Telegram.Bot.Requests;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>sendDocument, paced like every other call of the chat.</summary>
internal sealed partial class ChatSender
{
    /// <summary>Uploads a document; returns its message id.</summary>
    public async Task<int> SendDocumentAsync(ChatTarget target, OutgoingDocument document, int? replyToMessageId, CancellationToken cancellationToken)
    {
        var caption = document.Caption is { Length: > OutgoingDocument.MaxCaptionLength } text ? text[..(OutgoingDocument.MaxCaptionLength - 1)] + "…" : document.Caption;
        var sent = await CallAsync(
            ct =>
            {
                // A fresh stream per call: a retry uploads the whole file again.
                var request = new SendDocumentRequest
                {
                    ChatId = target.ChatId,
                    MessageThreadId = target.MessageThreadId,
                    Document = InputFile.FromStream(new MemoryStream(document.Content, writable: false), document.FileName),
                    Caption = caption,
                    ReplyParameters = replyToMessageId is int reply ? new ReplyParameters { MessageId = reply, AllowSendingWithoutReply = true } : null,
                };
                return Client.SendRequest(request, ct);
            },
            cancellationToken);
        _outbox.OnMessageSent(target.ChatId);
        return sent.Id;
    }
}
