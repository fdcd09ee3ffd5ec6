using Microsoft.Extensions.Logging;
using Orchestrator.Agents;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Telegram;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// One running turn: reads the engine's event stream, keeps the live message up to date (each change only marks it
/// stale; when the chat's next send slot opens the outbox asks for the content, and this turn's own loop renders it and
/// hands it over: the outbox never runs the turn's code), renews the typing indicator, routes approvals, and records
/// how the turn ended. Every turn ends with a final message and a final status in the database.
/// </summary>
public sealed partial class TurnRun
{
    private readonly TurnRunContext _context;
    private readonly ILiveMessage _live;
    private readonly LiveReply _reply;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _running = new();
    private readonly InlineKeyboardMarkup _stopButton;
    private readonly StreamRedaction _stream;
    private string? _streamItemId;
    private string _publishedActivity = "";
    private string? _activityBeforeApproval;
    private const string WaitingForApproval = "✋ Waiting for your approval…";
    private string? _stopReason;
    private TokenUsage? _usage;
    private bool _textReceived;

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
        _stopButton = new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData("⏹ Stop", StopCallbackData(turnId))]]);
        _stream = new StreamRedaction(context.Redactor);
    }

    public long TurnId { get; }

    /// <summary>The agent whose turn this is (for the events it publishes).</summary>
    public string AgentId { get; }

    public ChatKey Chat { get; }

    public ChatTarget Target { get; }

    /// <summary>The user who started the turn: with the configured admins, the only one who may stop it or decide its approvals.</summary>
    public User Requester { get; }

    public IAgentTurn Agent { get; }

    /// <summary>The coding session this turn belongs to, if any.</summary>
    public SessionScope? CodingSession => _context.CodingSession;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>The answer as written when the turn ended (empty before): a coding session's plan is taken from it.</summary>
    public string FinalText { get; private set; } = "";

    public bool IsRunning => !Completion.IsCompleted;

    /// <summary>The live message's first Telegram message (for replies to approvals).</summary>
    public Task<int> ReplyMessageId => _live.FirstMessageIdAsync;

    /// <summary>The native draft the answer streams into (0: none); its stop button names it.</summary>
    public long DraftId => _live.DraftId;

    public static string StopCallbackData(long turnId) => $"stop:{turnId}";

    /// <summary>The draft's stop button was pressed: Telegram shows no more drafts of it; the turn stops as with /stop.</summary>
    public Task StopFromDraftAsync(string reason, CancellationToken cancellationToken)
    {
        _live.OnDraftStopped();
        return StopAsync(reason, cancellationToken);
    }

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

        MarkStatusDirty();
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
        MarkStatusDirty(); // the first message ("Working…" and the Stop button) goes out at once
        _ = RecordReplyMessageAsync();
        TurnEnded? ended = null;
        var events = Agent.Events.GetAsyncEnumerator();
        try
        {
            // One loop for the engine's events and the outbox's requests for content (a send slot opened): both are
            // messages to this turn, handled here one at a time.
            Task<bool>? next = null;
            while (true)
            {
                next ??= events.MoveNextAsync().AsTask();
                var requested = _live.ContentRequested;
                if (!next.IsCompleted && !requested.IsCompleted)
                {
                    await Task.WhenAny(next, requested).ConfigureAwait(false);
                }

                if (requested.IsCompleted)
                {
                    HandOverContent();
                }

                if (!next.IsCompleted)
                {
                    continue;
                }

                var more = await next.ConfigureAwait(false);
                next = null;
                if (!more)
                {
                    break;
                }

                if (events.Current is TurnEnded end)
                {
                    ended = end;
                    break;
                }

                await ApplyAsync(events.Current).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            _context.Logger.LogError(ex, "The event stream of turn {TurnId} failed", TurnId);
            ended = new TurnEnded(TurnOutcome.Failed, "the agent's event stream broke: " + ex.Message);
        }
        finally
        {
            await DisposeQuietlyAsync(events).ConfigureAwait(false);
        }

        ended ??= new TurnEnded(TurnOutcome.Failed, "the agent stopped without finishing the turn");
        await _running.CancelAsync().ConfigureAwait(false);
        EndLiveStream();
        await Quietly(typing).ConfigureAwait(false);
        await FinishAsync(ended).ConfigureAwait(false);
    }

    private async Task ApplyAsync(AgentEvent ev)
    {
        var text = false;
        switch (ev)
        {
            case TextDelta delta:
                if (!_textReceived)
                {
                    _textReceived = true;
                    LogFirstText();
                }

                lock (_gate)
                {
                    _reply.AppendText(delta.ItemId, delta.Delta);
                }

                SetActivity("✍️ Writing…");
                PublishDelta(delta.ItemId, delta.Delta);
                text = true;
                break;
            case ItemStarted started when ActivityText.Started(started.Item) is { } activity:
                SetActivity(activity);
                break;
            case ItemCompleted completed when ActivityText.Completed(completed.Item) is { } activity:
                SetActivity(activity);
                break;
            case ApprovalRequested approval:
                LogApprovalReceived(approval.Request.Id);
                lock (_gate)
                {
                    _activityBeforeApproval = _reply.Activity;
                }

                SetActivity(WaitingForApproval);
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

        if (text)
        {
            MarkDirty();
        }
        else
        {
            MarkStatusDirty();
        }
    }

    private async Task DisposeQuietlyAsync(IAsyncEnumerator<AgentEvent> events)
    {
        try
        {
            await events.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _context.Logger.LogDebug(ex, "Closing the event stream of turn {TurnId} failed", TurnId);
        }
    }

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
