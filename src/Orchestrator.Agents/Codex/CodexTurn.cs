using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orchestrator.Agents.Codex.Protocol;
using Orchestrator.Agents.JsonRpc;

namespace Orchestrator.Agents.Codex;

/// <summary>
/// One Codex turn: translates the app-server notifications routed to it into <see cref="AgentEvent"/>s and guarantees
/// exactly one final <see cref="TurnEnded"/> (also on interrupt, process death and engine shutdown).
/// </summary>
internal sealed partial class CodexTurn : IAgentTurn
{
    private readonly Channel<AgentEvent> _events = Channel.CreateUnbounded<AgentEvent>(new UnboundedChannelOptions { SingleReader = false });
    private readonly TaskCompletionSource<TurnEnded> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    // Each message's deltas as received (the strings the TextDelta events carry, not a copy of their text): joined
    // only when a message ends without item/completed.
    private readonly Dictionary<string, List<string>> _deltas = [];
    private readonly Dictionary<string, List<string>>.AlternateLookup<ReadOnlySpan<char>> _deltasByItemSpan;
    private readonly Dictionary<string, string> _completedText = [];
    private readonly Dictionary<string, AgentItem> _openItems = [];
    private readonly Dictionary<string, IReadOnlyList<FileChange>> _fileChanges = [];
    private readonly Dictionary<string, TaskCompletionSource<ApprovalDecision>> _approvals = [];
    private readonly ILogger _logger;
    private string? _lastMessageId;
    private string? _lastError;
    private string? _diff;
    private TokenUsage? _usage;
    private string _turnId = string.Empty;

    public CodexTurn(CodexAppServerClient client, string threadId, ILogger logger)
    {
        Client = client;
        ThreadId = threadId;
        _logger = logger;
        _deltasByItemSpan = _deltas.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The app-server connection this turn runs on.</summary>
    public CodexAppServerClient Client { get; }

    public string ThreadId { get; }

    public string TurnId
    {
        get
        {
            lock (_lock)
            {
                return _turnId;
            }
        }
    }

    public IAsyncEnumerable<AgentEvent> Events => _events.Reader.ReadAllAsync();

    public Task<TurnEnded> Completion => _completion.Task;

    public bool IsEnded => _completion.Task.IsCompleted;

    public void SetTurnId(string turnId)
    {
        lock (_lock)
        {
            _turnId = turnId;
        }
    }

    public async Task SteerAsync(IReadOnlyList<AgentInput> input, CancellationToken cancellationToken = default)
    {
        var mapped = CodexInputMapper.Map(input);
        if (IsEnded)
        {
            throw new InvalidOperationException("The turn has already ended; start a new turn instead.");
        }

        await Client.SteerTurnAsync(new TurnSteerParams(ThreadId, mapped, TurnId), cancellationToken).ConfigureAwait(false);
    }

    public async Task InterruptAsync(CancellationToken cancellationToken = default)
    {
        if (IsEnded)
        {
            return;
        }

        try
        {
            await Client.InterruptTurnAsync(new TurnInterruptParams(ThreadId, TurnId), cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteInvocationException ex) when (ex.RemoteMessage.Contains("no active turn", StringComparison.OrdinalIgnoreCase))
        {
            _logger.LogDebug("Interrupt of turn {TurnId}: {Error}", TurnId, ex.RemoteMessage);
        }
        catch (ConnectionLostException ex)
        {
            // The process is gone: the turn ends Failed through the engine's death handling.
            _logger.LogDebug("Interrupt of turn {TurnId} after the connection closed: {Error}", TurnId, ex.Message);
        }
    }

    public Task RespondToApprovalAsync(string approvalId, ApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_approvals.TryGetValue(approvalId, out var pending))
            {
                pending.TrySetResult(decision);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Registers an approval request, emits <see cref="ApprovalRequested"/> and waits for the user's decision.</summary>
    public async Task<string> HandleApprovalAsync(CodexApprovalRequest request, CancellationToken cancellationToken)
    {
        var decided = new TaskCompletionSource<ApprovalDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (IsEnded)
            {
                return CodexItemMapper.MapDecision(ApprovalDecision.Cancel);
            }

            _approvals[request.RequestId] = decided;
            var changes = request.Kind == ApprovalKind.FileChange && _fileChanges.TryGetValue(request.ItemId, out var c) ? c : null;
            Emit(new ApprovalRequested(new ApprovalRequest(request.RequestId, request.Kind, request.Command, request.Cwd, request.Reason, changes)));
        }

        var decision = await decided.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return CodexItemMapper.MapDecision(decision);
    }

    /// <summary>Applies one notification routed to this turn (by thread; this method checks the turn id).</summary>
    public void OnNotification(string method, object notification)
    {
        lock (_lock)
        {
            if (IsEnded)
            {
                return;
            }

            switch (notification)
            {
                case AgentMessageDeltaNotification delta when IsMine(delta.TurnId):
                    OnDelta(delta);
                    break;
                case ItemNotification item when IsMine(item.TurnId):
                    OnItem(item.Item, method == CodexNotificationParser.ItemCompleted);
                    break;
                case TokenUsageNotification usage when usage.TurnId is null || IsMine(usage.TurnId):
                    var total = usage.TokenUsage.Total;
                    _usage = new TokenUsage(total.InputTokens, total.OutputTokens, total.TotalTokens);
                    Emit(new TokenUsageUpdated(_usage));
                    break;
                case ErrorNotification error when error.TurnId is null || IsMine(error.TurnId):
                    var message = error.Error?.Message ?? "Unknown Codex error.";
                    if (error.WillRetry)
                    {
                        Emit(new EngineWarning(CodexErrorMessage.Humanize(message)));
                    }
                    else
                    {
                        _lastError = message;
                    }

                    break;
                case TurnDiffNotification diff when IsMine(diff.TurnId):
                    _diff = diff.Diff; // each update carries the whole turn's diff so far
                    break;
                case ServerRequestResolvedNotification resolved:
                    ResolveApproval(CodexNotificationParser.RequestIdText(resolved.RequestId));
                    break;
                case TurnNotification turn when method == CodexNotificationParser.TurnCompleted && IsMine(turn.Turn.Id):
                    var (outcome, reason) = turn.Turn.Status switch
                    {
                        "completed" => (TurnOutcome.Completed, (string?)null),
                        "interrupted" => (TurnOutcome.Interrupted, null),
                        _ => (TurnOutcome.Failed, CodexErrorMessage.Humanize(
                            turn.Turn.Error?.Message ?? _lastError ?? $"The turn ended with status '{turn.Turn.Status}'.")),
                    };
                    EndLocked(outcome, reason);
                    break;
            }
        }
    }

    /// <summary>Ends the turn (if it has not ended yet) with the given outcome.</summary>
    public void End(TurnOutcome outcome, string? error)
    {
        lock (_lock)
        {
            EndLocked(outcome, error);
        }
    }

    private bool IsMine(string turnId) => _turnId.Length == 0 || _turnId == turnId;

    private void OnItem(CodexThreadItem item, bool completed)
    {
        if (item.Type == "fileChange" && item.Changes is not null)
        {
            _fileChanges[item.Id] = CodexItemMapper.MapChanges(item.Changes);
        }

        if (item.Type == "agentMessage")
        {
            _lastMessageId = item.Id;
            if (completed && item.Text is not null)
            {
                _completedText[item.Id] = item.Text;
            }
        }

        if (CodexItemMapper.Map(item, completed) is not { } mapped)
        {
            return;
        }

        if (completed)
        {
            _openItems.Remove(item.Id);
            Emit(new ItemCompleted(mapped));
        }
        else
        {
            _openItems[item.Id] = mapped;
            Emit(new ItemStarted(mapped));
        }
    }

    private void ResolveApproval(string approvalId)
    {
        if (_approvals.Remove(approvalId, out var pending))
        {
            pending.TrySetResult(ApprovalDecision.Cancel); // Resolved by Codex itself when nobody answered; ignored otherwise.
            Emit(new ApprovalResolved(approvalId));
        }
    }

    private void EndLocked(TurnOutcome outcome, string? error)
    {
        if (IsEnded)
        {
            return;
        }

        foreach (var id in _approvals.Keys.ToList())
        {
            ResolveApproval(id);
        }

        foreach (var open in _openItems.Values)
        {
            // Codex sends no item/completed for a half-streamed message or a pending command after an interrupt.
            var text = open.Kind == AgentItemKind.AgentMessage ? MessageText(open.Id) : open.Text;
            var status = open.Kind == AgentItemKind.AgentMessage ? AgentItemStatus.Completed : AgentItemStatus.Failed;
            Emit(new ItemCompleted(open with { Status = status, Text = text }));
        }

        _openItems.Clear();
        var ended = new TurnEnded(outcome, error, _lastMessageId is null ? null : MessageText(_lastMessageId), _usage, _diff);

        // Completion first: a reader that sees TurnEnded and starts the next turn at once must find this one ended.
        _completion.TrySetResult(ended);
        Emit(ended);
        _events.Writer.TryComplete();
    }

    private void Emit(AgentEvent agentEvent) => _events.Writer.TryWrite(agentEvent);
}
