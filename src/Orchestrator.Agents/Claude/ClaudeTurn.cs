using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orchestrator.Agents.Claude.Protocol;

namespace Orchestrator.Agents.Claude;

/// <summary>
/// One Claude turn. Claude Code answers every user message written to stdin with a <c>result</c>; a message written while
/// the turn runs (<see cref="SteerAsync"/>) is queued by Claude, and this turn only ends once every message it wrote is
/// answered (<see cref="ClaudeAwaitedMessages"/>, by the uuid each message carries), so from the caller's view a steered
/// message is part of the same turn. An interrupt also cancels the queued ones (<c>cancel_queued</c>; its receipt names
/// them), so the turn ends when the running message's result is in.
/// Guarantees exactly one final <see cref="TurnEnded"/> (also on interrupt, process death and shutdown).
/// </summary>
internal sealed partial class ClaudeTurn : IAgentTurn
{
    internal const string DenyMessage = "Denied from Telegram";

    private readonly Channel<AgentEvent> _events = Channel.CreateUnbounded<AgentEvent>();
    private readonly TaskCompletionSource<TurnEnded> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PendingApproval> _approvals = [];
    private readonly ClaudeSession _session;
    private readonly ClaudeEventTranslator _translator;
    private readonly ILogger _logger;
    private readonly ClaudeAwaitedMessages _awaited = new();
    private bool _interruptRequested;
    private bool _interruptNextMessage;
    private long _inputTokens;
    private long _outputTokens;
    private decimal? _cost;
    private TokenUsage? _usage;

    public ClaudeTurn(ClaudeSession session, ClaudeProcess process, string turnId, ILogger logger)
    {
        _session = session;
        Process = process;
        TurnId = turnId;
        _logger = logger;
        _translator = new ClaudeEventTranslator(session.WorkingDirectory, Emit);
    }

    /// <summary>The process this turn runs on.</summary>
    public ClaudeProcess Process { get; }

    public string TurnId { get; }

    public IAsyncEnumerable<AgentEvent> Events => _events.Reader.ReadAllAsync();

    public Task<TurnEnded> Completion => _completion.Task;

    public bool IsEnded => _completion.Task.IsCompleted;

    /// <summary>Writes a user message of this turn (the first, or a steered one).</summary>
    public async Task SendAsync(IReadOnlyList<ClaudeInputBlock> content, CancellationToken cancellationToken)
    {
        var uuid = Guid.NewGuid().ToString();
        lock (_lock)
        {
            if (IsEnded)
            {
                throw new InvalidOperationException("The turn has already ended; start a new turn instead.");
            }

            _awaited.Add(uuid);
        }

        try
        {
            var message = new ClaudeUserInput(new ClaudeUserInputMessage(content), _session.SessionId, uuid);
            await Process.WriteAsync(message, ClaudeJsonContext.Default.ClaudeUserInput, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            lock (_lock)
            {
                _awaited.Forget(uuid);
            }

            throw;
        }
    }

    /// <summary>True when one of <paramref name="uuids"/> is a user message this turn wrote.</summary>
    public bool IsAbout(IReadOnlyList<string> uuids)
    {
        lock (_lock)
        {
            return uuids.Any(_awaited.IsOurs);
        }
    }

    public Task SteerAsync(IReadOnlyList<AgentInput> input, CancellationToken cancellationToken = default) =>
        SendAsync(ClaudeInputMapper.Map(input), cancellationToken);

    public async Task InterruptAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (IsEnded)
            {
                return;
            }

            _interruptRequested = true;
        }

        await SendInterruptAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task SendInterruptAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var request = new ClaudeControlRequestInputBody("interrupt") { CancelQueued = true };
            var response = await Process.SendControlRequestAsync(request, timeout.Token).ConfigureAwait(false);
            OnInterruptReceipt(ClaudeInterruptReceipt.From(response));
        }
        catch (Exception ex) when (ex is IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The process is gone (the turn ends Failed through the exit handling) or did not answer.
            _logger.LogDebug("Interrupt of Claude turn {TurnId}: {Error}", TurnId, ex.Message);
        }
    }

    public async Task RespondToApprovalAsync(string approvalId, ApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        PendingApproval? pending;
        lock (_lock)
        {
            if (!_approvals.Remove(approvalId, out pending))
            {
                return;
            }

            if (decision is ApprovalDecision.Deny or ApprovalDecision.Cancel && pending.Request.ToolUseId is { } toolUseId)
            {
                _translator.MarkDenied(toolUseId);
            }

            Emit(new ApprovalResolved(approvalId));
        }

        var result = decision switch
        {
            ApprovalDecision.Approve => Allow(pending.Request.Input),
            ApprovalDecision.ApproveForSession => Allow(pending.Request.Input) with { UpdatedPermissions = RememberForSession(pending.Request) },
            ApprovalDecision.Deny => new ClaudePermissionResult("deny") { Message = DenyMessage },
            _ => new ClaudePermissionResult("deny") { Message = DenyMessage, Interrupt = true },
        };
        await Process.RespondAsync(approvalId, result, cancellationToken).ConfigureAwait(false);
        if (decision == ApprovalDecision.Cancel)
        {
            await InterruptAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A <c>can_use_tool</c> request: auto-allowed when approved for the session, else asked through the events.</summary>
    public void OnPermissionRequest(string requestId, ClaudeControlRequestBody request)
    {
        if (_session.IsApprovedForSession(request))
        {
            _ = Process.RespondAsync(requestId, Allow(request.Input));
            return;
        }

        lock (_lock)
        {
            if (IsEnded)
            {
                _ = Process.RespondAsync(requestId, new ClaudePermissionResult("deny") { Message = DenyMessage });
                return;
            }

            _approvals[requestId] = new PendingApproval(request); // Its JsonElements own their data (deserialized values).
            Emit(new ApprovalRequested(ClaudeToolMapper.ToApproval(requestId, request, _session.WorkingDirectory)));
        }
    }

    /// <summary>The CLI withdrew a permission request (e.g. after an interrupt).</summary>
    public void OnPermissionCancelled(string requestId)
    {
        lock (_lock)
        {
            if (_approvals.Remove(requestId))
            {
                Emit(new ApprovalResolved(requestId));
            }
        }
    }

    /// <summary>Applies one output message of the process routed to this turn.</summary>
    public void OnMessage(ClaudeOutputMessage message)
    {
        lock (_lock)
        {
            if (IsEnded)
            {
                return;
            }

            if (message.Type == "result")
            {
                OnResult(message);
            }
            else if (_interruptNextMessage && IsStartOfAwaitedMessage(message))
            {
                _interruptNextMessage = false;
                _ = SendInterruptAsync(CancellationToken.None);
            }
            else
            {
                _translator.OnMessage(message);
            }
        }
    }

    /// <summary>Ends the turn (if it has not ended yet).</summary>
    public void End(TurnOutcome outcome, string? error)
    {
        lock (_lock)
        {
            EndLocked(outcome, error, _translator.LastText);
        }
    }

    private JsonElement? RememberForSession(ClaudeControlRequestBody request)
    {
        try
        {
            return _session.RememberForSession(request);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            _logger.LogWarning(ex, "Could not remember the permission of tool {Tool} for the session: allowing it once", request.ToolName);
            return null;
        }
    }

    private static ClaudePermissionResult Allow(JsonElement input) =>
        new("allow") { UpdatedInput = input.ValueKind == JsonValueKind.Undefined ? JsonDocument.Parse("{}").RootElement : input };

    private void EndLocked(TurnOutcome outcome, string? error, string? finalText)
    {
        if (IsEnded)
        {
            return;
        }

        foreach (var id in _approvals.Keys)
        {
            Emit(new ApprovalResolved(id));
        }

        _approvals.Clear();
        _translator.CloseOpenItems();
        var ended = new TurnEnded(outcome, error, finalText, _usage);
        _completion.TrySetResult(ended); // First: a reader that saw the last event may start the next turn at once.
        Emit(ended);
        _events.Writer.TryComplete();
        _session.OnTurnEnded(this, outcome == TurnOutcome.Interrupted ? _awaited.Count : 0);
    }

    private void Emit(AgentEvent agentEvent) => _events.Writer.TryWrite(agentEvent);

    private sealed record PendingApproval(ClaudeControlRequestBody Request);
}
