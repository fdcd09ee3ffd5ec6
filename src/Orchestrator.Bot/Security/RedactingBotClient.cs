using Orchestrator.Telegram;
using Telegram.Bot;
using Telegram.Bot.Requests;
using Telegram.Bot.Requests.Abstractions;

namespace Orchestrator.Bot.Security;

/// <summary>
/// The last step before Telegram: every text the bot sends or edits (answers, approval prompts, command replies,
/// document captions, callback alerts) passes the <see cref="SecretRedactor"/>. Answers are redacted earlier too, as
/// they stream (<see cref="Sessions.LiveReply"/>); this catches whatever else could carry a secret.
/// </summary>
internal sealed class RedactingBotClient(ITelegramBotClient inner, SecretRedactor redactor) : BotClientDecorator(inner)
{
    public override Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        switch (request)
        {
            case SendMessageRequest send:
                send.Text = redactor.Redact(send.Text);
                break;
            case EditMessageTextRequest edit:
                edit.Text = redactor.RedactOrNull(edit.Text)!;
                break;
            case SendDocumentRequest document:
                document.Caption = redactor.RedactOrNull(document.Caption);
                break;
            case AnswerCallbackQueryRequest answer:
                answer.Text = redactor.RedactOrNull(answer.Text);
                break;
        }

        return Inner.SendRequest(request, cancellationToken);
    }
}
