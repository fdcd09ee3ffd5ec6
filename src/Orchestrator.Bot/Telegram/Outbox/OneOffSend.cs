namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>
/// A queued <see cref="ITelegramOutbox.SendAsync"/> (or <see cref="ITelegramOutbox.SendDocumentAsync"/>): one message,
/// retried through 429s and a few transient failures.
/// </summary>
internal sealed class OneOffSend : IChatWork
{
    private readonly ChatTarget _target;
    private readonly OutgoingContent _content;
    private readonly int? _replyToMessageId;
    private readonly OutboxOptions _options;
    private readonly OutgoingDocument? _document;
    private readonly TaskCompletionSource<int> _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OneOffSend(ChatTarget target, OutgoingContent content, int? replyToMessageId, OutboxOptions options, CancellationToken cancellationToken)
    {
        _target = target;
        _content = content;
        _replyToMessageId = replyToMessageId;
        _options = options;
        Token = cancellationToken;
    }

    /// <summary>A document instead of a text message.</summary>
    public OneOffSend(ChatTarget target, OutgoingDocument document, int? replyToMessageId, OutboxOptions options, CancellationToken cancellationToken)
        : this(target, OutgoingContent.FromPlainText(document.Caption ?? ""), replyToMessageId, options, cancellationToken)
    {
        _document = document;
    }

    public Task<int> Sent => _sent.Task;

    public bool IsFinished => _sent.Task.IsCompleted || Token.IsCancellationRequested;

    public CancellationToken Token { get; }

    public int Attempts { get; private set; }

    public bool HasFollowUp => false;

    public bool IsUrgent => false;

    public bool MayBurst => false;

    public async Task<bool> RunStepAsync(ChatSender sender, CancellationToken cancellationToken)
    {
        var id = _document is null
            ? await sender.SendPageAsync(_target, _content, _replyToMessageId, cancellationToken)
            : await sender.SendDocumentAsync(_target, _document, _replyToMessageId, cancellationToken);
        _sent.TrySetResult(id);
        return false;
    }

    public bool OnRateLimited(TimeSpan retryAfter, Exception exception)
    {
        if (retryAfter <= _options.MaxRetryAfter)
        {
            return true;
        }

        _sent.TrySetException(exception); // the chat stays banned; the caller learns now rather than after the ban
        return false;
    }

    public bool OnTransientFailure(Exception exception)
    {
        Attempts++;
        if (Attempts < _options.MaxSendAttempts)
        {
            return true;
        }

        _sent.TrySetException(exception);
        return false;
    }

    public bool OnPermanentFailure(Exception exception)
    {
        _sent.TrySetException(exception);
        return false;
    }

    public void OnCancelled() => _sent.TrySetCanceled(Token);

    public void Abort() => _sent.TrySetException(new ObjectDisposedException(nameof(TelegramOutbox), "The outbox stopped before the message was sent."));
}
