using Microsoft.Extensions.Logging;
using Orchestrator.Agents;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Telegram;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// One running turn: reads the engine's event stream, keeps the live message up to date (each change only marks it
/// stale; the outbox renders it when the chat's next send slot opens), renews the typing indicator, routes approvals, and records
/// how the turn ended. Every turn ends with a final message and a final status in the database.
/// </summary>
public sealed class TurnRun
{
    private readonly TurnRunContext _context;
    private readonly ILiveMessage _live;
    private readonly LiveReply _reply;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _running = new();
    private readonly Func<IReadOnlyList<OutgoingContent>> _renderRunning;
    private readonly StreamRedaction _stream;
    private string? _streamItemId;
    private string _publishedActivity = "";
    private string? _stopReason;
    private TokenUsage? _usage;

    public TurnRun(long turnId, ChatKey chat, ChatTarget target, IAgentTurn turn, ILiveMessage live, TurnRunContext context, User requester, string agentId = "")
    {
        TurnId = turnId;
        AgentId = agentId;
        Requester = requester;
        Chat = chat;
        Target = target;
        Agent = turn;
        _live = live;
        _context = context;
        _reply = new LiveReply(context.Redactor);
        _stream = new StreamRedaction(context.Redactor);
        var stop = new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData("⏹ Stop", StopCallbackData(turnId))]]);
        _renderRunning = () =>
        {
            lock (_gate)
            {
                return _reply.RenderRunning(stop);
            }
        };
    }

    public long TurnId { get; }

    /// <summary>The agent whose turn this is (for the events it publishes).</summary>
    public string AgentId { get; }

    public ChatKey Chat { get; }

    public ChatTarget Target { get; }

    /// <summary>The user who started the turn: with the configured admins, the only one who may stop it or decide its approvals.</summary>
    public User Requester { get; }

    public IAgentTurn Agent { get; }

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>The answer as written when the turn ended (empty before): a coding session's plan is taken from it.</summary>
    public string FinalText { get; private set; } = "";

    public bool IsRunning => !Completion.IsCompleted;

    /// <summary>The live message's first Telegram message (for replies to approvals).</summary>
    public Task<int> ReplyMessageId => _live.FirstMessageIdAsync;

    public static string StopCallbackData(long turnId) => $"stop:{turnId}";

    public void Start()
    {
        Completion = Task.Run(RunAsync);
    }

    /// <summary>Interrupts the turn; the message then ends with what was written so far and <paramref name="reason"/>.</summary>
    public async Task StopAsync(string reason, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stopReason ??= reason;
            _reply.Activity = "Stopping…";
            PublishActivity(_reply.Activity);
        }

        MarkDirty();
        try
        {
            await Agent.InterruptAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _context.Logger.LogWarning(ex, "Interrupting turn {TurnId} failed", TurnId);
        }
    }

    private async Task RunAsync()
    {
        var typing = TypingLoopAsync(_running.Token);
        MarkDirty(); // the first message ("Working…" and the Stop button) goes out at once
        _ = RecordReplyMessageAsync();
        TurnEnded? ended = null;
        try
        {
            await foreach (var ev in Agent.Events.ConfigureAwait(false))
            {
                if (ev is TurnEnded end)
                {
                    ended = end;
                    break;
                }

                await ApplyAsync(ev).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            _context.Logger.LogError(ex, "The event stream of turn {TurnId} failed", TurnId);
            ended = new TurnEnded(TurnOutcome.Failed, "the agent's event stream broke: " + ex.Message);
        }

        ended ??= new TurnEnded(TurnOutcome.Failed, "the agent stopped without finishing the turn");
        await _running.CancelAsync().ConfigureAwait(false);
        EndLiveStream();
        await Quietly(typing).ConfigureAwait(false);
        await FinishAsync(ended).ConfigureAwait(false);
    }

    private async Task ApplyAsync(AgentEvent ev)
    {
        switch (ev)
        {
            case TextDelta delta:
                lock (_gate)
                {
                    _reply.AppendText(delta.ItemId, delta.Delta);
                }

                SetActivity("✍️ Writing…");
                PublishDelta(delta.ItemId, delta.Delta);
                break;
            case ItemStarted started when ActivityText.Started(started.Item) is { } activity:
                SetActivity(activity);
                break;
            case ItemCompleted completed when ActivityText.Completed(completed.Item) is { } activity:
                SetActivity(activity);
                break;
            case ApprovalRequested approval:
                SetActivity("✋ Waiting for your approval…");
                await _context.Approvals.OpenAsync(this, approval.Request).ConfigureAwait(false);
                break;
            case ApprovalResolved resolved:
                await _context.Approvals.ResolvedByEngineAsync(TurnId, resolved.ApprovalId).ConfigureAwait(false);
                break;
            case TokenUsageUpdated usage:
                _usage = usage.Usage;
                return;
            case EngineWarning warning:
                _context.Logger.LogWarning("Turn {TurnId}: {Warning}", TurnId, warning.Message);
                return;
            default:
                return;
        }

        MarkDirty();
    }

    private void SetActivity(string activity)
    {
        lock (_gate)
        {
            if (_stopReason is null)
            {
                _reply.Activity = activity;
                PublishActivity(activity);
            }
        }
    }

    /// <summary>
    /// A <c>turn.activity</c> event when the activity changed (empty: it ended). Under <see cref="_gate"/>, so that the
    /// events are in the order of the changes. Redacted: a command line may carry a secret.
    /// </summary>
    private void PublishActivity(string activity)
    {
        if (_context.Live is not { } live || activity == _publishedActivity)
        {
            return;
        }

        _publishedActivity = activity;
        live.Publish(Orchestrator.Core.Events.TransientKinds.TurnActivity, AgentId, Chat.ChatId, TurnId, _context.Redactor.Redact(activity));
    }

    /// <summary>
    /// A <c>turn.delta</c> event, redacted as the stored answer is: the end of a piece that could begin a secret is held
    /// back until the next piece (<see cref="StreamRedaction"/>), released when the answer moves to another item or ends.
    /// Called from the event loop only.
    /// </summary>
    private void PublishDelta(string? itemId, string piece)
    {
        if (_context.Live is not { } live)
        {
            return;
        }

        // A new item (another message of the answer) cannot continue a secret begun in the previous one.
        var released = _streamItemId is not null && itemId != _streamItemId ? _stream.Flush() : "";
        var text = released + _stream.Push(piece);

        _streamItemId = itemId;
        if (text.Length > 0)
        {
            live.Publish(Orchestrator.Core.Events.TransientKinds.TurnDelta, AgentId, Chat.ChatId, TurnId, text);
        }
    }

    /// <summary>The turn ended: what the live stream held back goes out, and the activity ends.</summary>
    private void EndLiveStream()
    {
        if (_context.Live is not { } live)
        {
            return;
        }

        var held = _stream.Flush();
        if (held.Length > 0)
        {
            live.Publish(Orchestrator.Core.Events.TransientKinds.TurnDelta, AgentId, Chat.ChatId, TurnId, held);
        }

        lock (_gate)
        {
            PublishActivity("");
        }
    }

    private void MarkDirty() => _live.Invalidate(_renderRunning);

    private async Task TypingLoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _context.Outbox.SendTypingAsync(Target, cancellationToken).ConfigureAwait(false);
            await Task.Delay(_context.TypingInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RecordReplyMessageAsync()
    {
        try
        {
            var id = await _live.FirstMessageIdAsync.ConfigureAwait(false);
            await _context.Turns.SetReplyMessageAsync(TurnId, id).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _context.Logger.LogDebug(ex, "Turn {TurnId} has no reply message id", TurnId);
        }
    }

    private async Task FinishAsync(TurnEnded ended)
    {
        var usage = ended.Usage ?? _usage;
        string status;
        string? footer;
        lock (_gate)
        {
            (status, footer) = ended.Outcome switch
            {
                TurnOutcome.Completed => (TurnStatus.Completed, (string?)null),
                TurnOutcome.Interrupted => (TurnStatus.Interrupted, "⏹ " + (_stopReason ?? "Stopped.")),
                _ => (TurnStatus.Failed, "❌ Failed: " + SignInHint.AddTo(ended.Error ?? "unknown error") + " — send a message to try again."),
            };
        }

        await _context.Approvals.CloseTurnAsync(TurnId).ConfigureAwait(false);
        string text;
        IReadOnlyList<OutgoingContent> pages;
        lock (_gate)
        {
            if (!_reply.HasText && ended.FinalText is { Length: > 0 } finalText)
            {
                _reply.AppendText("final", finalText);
            }

            pages = _reply.RenderFinal(footer);
            text = _reply.Text;
            FinalText = text;
        }

        await _context.Turns.EndAsync(TurnId, status, text, _context.Redactor.RedactOrNull(ended.Error), usage?.InputTokens, usage?.OutputTokens, usage?.CostUsd).ConfigureAwait(false);
        try
        {
            using var deliver = new CancellationTokenSource(_context.FinalDeliveryTimeout);
            await _live.CompleteAsync(pages, deliver.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _context.Logger.LogError(ex, "The final answer of turn {TurnId} could not be delivered", TurnId);
        }

        await PublishEndAsync(status, text, ended.Error).ConfigureAwait(false);
        _context.Logger.LogInformation(
            "Turn {TurnId} in chat {Chat} ended {Status} after {Seconds:0.0} s ({Characters} characters)",
            TurnId, Chat, status, (DateTimeOffset.UtcNow - StartedAt).TotalSeconds, text.Length);
    }

    /// <summary>The stored <c>turn.ended</c> event: what API clients wait for (with the answer, redacted and bounded).</summary>
    private async Task PublishEndAsync(string status, string text, string? error)
    {
        if (_context.Events is not { } events)
        {
            return;
        }

        try
        {
            var answer = _context.Redactor.Redact(text);
            var data = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["agent_id"] = AgentId,
                ["turn_id"] = TurnId,
                ["status"] = status,
                ["text"] = answer.Length > MaxEventText ? answer[..MaxEventText] + "…" : answer,
                ["error"] = _context.Redactor.RedactOrNull(error),
            });
            await events.AppendAsync(new Orchestrator.Core.Events.NewControlEvent(
                Orchestrator.Core.Events.EventKinds.TurnEnded, $"Turn {TurnId} {status}", ChatId: Chat.ChatId, Actor: Requester.DisplayName, Data: data)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _context.Logger.LogWarning(ex, "The turn.ended event of turn {TurnId} could not be stored", TurnId);
        }
    }

    /// <summary>The most answer text a <c>turn.ended</c> event carries (the whole answer is in the turns table).</summary>
    public const int MaxEventText = 16_000;

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
