using Orchestrator.Telegram;
using Orchestrator.Telegram.Requests;

namespace Orchestrator.Bot.Security;

/// <summary>
/// The last step before Telegram: every text the bot sends or edits (answers, approval prompts, command replies,
/// callback alerts) passes the <see cref="SecretRedactor"/>. Answers are redacted earlier too, as they stream
/// (<see cref="Sessions.LiveReply"/>); this catches whatever else could carry a secret.
/// </summary>
internal sealed class RedactingBotClient(ITelegramBotClient inner, SecretRedactor redactor) : ITelegramBotClient
{
    public long BotId => inner.BotId;

    public Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        switch (request)
        {
            case SendMessageRequest send:
                send.Text = redactor.Redact(send.Text);
                break;
            case EditMessageTextRequest edit:
                edit.Text = redactor.Redact(edit.Text);
                break;
            case AnswerCallbackQueryRequest answer:
                answer.Text = redactor.RedactOrNull(answer.Text);
                break;
        }

        return inner.SendRequest(request, cancellationToken);
    }

    public Task DownloadFile(string filePath, Stream destination, CancellationToken cancellationToken = default) =>
        inner.DownloadFile(filePath, destination, cancellationToken);
}
