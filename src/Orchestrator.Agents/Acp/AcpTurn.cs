using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orchestrator.Agents.JsonRpc;

namespace Orchestrator.Agents.Acp;

/// <summary>
/// One turn of an ACP session: one <c>session/prompt</c> (and one more per message queued meanwhile, since ACP has no
/// steering), its <c>session/update</c>s translated into <see cref="AgentEvent"/>s, its permission requests, and exactly
/// one final <see cref="TurnEnded"/> (also on <c>session/cancel</c>, process death and shutdown).
/// </summary>
internal sealed partial class AcpTurn : IAgentTurn
{
    private readonly Channel<AgentEvent> _events = Channel.CreateUnbounded<AgentEvent>();
    private readonly TaskCompletionSource<TurnEnded> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, AgentItem> _tools = [];
    private readonly Dictionary<string, Pending> _approvals = [];
    private readonly List<IReadOnlyList<AgentInput>> _queued = [];
    private readonly HashSet<string> _declinedTools = [];
    private readonly StringBuilder _lastMessage = new();
    private readonly AcpConnection _connection;
    private readonly string _sessionId;
    private readonly bool _images;
    private readonly TimeSpan _cancelGrace;
    private readonly ILogger _logger;
    private TokenUsage? _usage;
    private string? _messageId;
    private int _messages;
    private int _approvalCounter;
    private bool _interrupted;

    public AcpTurn(AcpConnection connection, string sessionId, bool images, TimeSpan cancelGrace, ILogger logger)
    {
        _connection = connection;
        _sessionId = sessionId;
        _images = images;
        _cancelGrace = cancelGrace;
        _logger = logger;
        TurnId = "acp-" + Guid.NewGuid().ToString("N")[..12];
    }

    public string TurnId { get; }

    public AcpConnection Connection => _connection;

    public IAsyncEnumerable<AgentEvent> Events => _events.Reader.ReadAllAsync();

    public Task<TurnEnded> Completion => _completion.Task;

    public bool IsEnded => _completion.Task.IsCompleted;

    /// <summary>Sends the prompt, then each queued message as a prompt of its own, until the agent stops.</summary>
    public async Task RunAsync(JsonArray prompt)
    {
        try
        {
            while (true)
            {
                var result = await _connection.PromptAsync(_sessionId, prompt).ConfigureAwait(false);
                if (AcpUpdateMapper.UsageOf(result) is { } usage)
                {
                    lock (_lock)
                    {
                        _usage = _usage is null ? usage : new TokenUsage(
                            _usage.InputTokens + usage.InputTokens, _usage.OutputTokens + usage.OutputTokens, _usage.TotalTokens + usage.TotalTokens);
                        Emit(new TokenUsageUpdated(_usage));
                    }
                }

                var stopReason = AcpJson.Text(result, "stopReason") ?? "end_turn";
                if (NextQueued(stopReason) is not { } next)
                {
                    End(OutcomeOf(stopReason), ReasonOf(stopReason));
                    return;
                }

                prompt = AcpPromptMapper.Map(next, _images);
            }
        }
        catch (RemoteInvocationException ex)
        {
            End(TurnOutcome.Failed, ex.RemoteMessage);
        }
        catch (ConnectionLostException)
        {
            // The process is gone: say why (its exit and stderr), not just that the connection closed.
            var reason = await Task.WhenAny(_connection.Closed, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false) == _connection.Closed
                ? _connection.FailureReason ?? $"the agent exited {await _connection.Closed.ConfigureAwait(false)}"
                : "the connection to the agent was lost";
            End(_interrupted ? TurnOutcome.Interrupted : TurnOutcome.Failed, _interrupted ? null : reason);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "ACP turn {TurnId} failed", TurnId);
            End(TurnOutcome.Failed, ex.Message);
        }
    }

    /// <summary>ACP has no steering: the input waits and is sent as the next prompt of this turn.</summary>
    public Task SteerAsync(IReadOnlyList<AgentInput> input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        _ = AcpPromptMapper.Map(input, _images); // Bad input fails here, not later.
        lock (_lock)
        {
            if (IsEnded || _interrupted)
            {
                throw new InvalidOperationException("The turn has already ended; start a new turn instead.");
            }

            _queued.Add(input);
        }

        return Task.CompletedTask;
    }

    public async Task InterruptAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (IsEnded || _interrupted)
            {
                return;
            }

            _interrupted = true;
            _queued.Clear();

            // The spec: on cancel the client answers every pending permission request of the session "cancelled".
            foreach (var id in _approvals.Keys.ToList())
            {
                ResolveLocked(id, null);
            }
        }

        try
        {
            await _connection.CancelAsync(_sessionId, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectionLostException ex)
        {
            _logger.LogDebug("Cancel of ACP turn {TurnId} after the connection closed: {Error}", TurnId, ex.Message);
        }

        // An agent that ignores the cancel must not leave the chat with a turn that never ends.
        _ = Task.Delay(_cancelGrace, CancellationToken.None)
            .ContinueWith(_ => End(TurnOutcome.Interrupted, null), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>Applies one <c>session/update</c> of this session.</summary>
    public void OnUpdate(JsonElement update)
    {
        lock (_lock)
        {
            if (IsEnded)
            {
                return;
            }

            switch (AcpUpdateMapper.KindOf(update))
            {
                case "agent_message_chunk" when AcpUpdateMapper.ChunkText(update) is { Length: > 0 } text:
                    if (_messageId is null)
                    {
                        _messageId = $"{TurnId}-m{++_messages}";
                        _lastMessage.Clear();
                    }

                    _lastMessage.Append(text);
                    Emit(new TextDelta(_messageId, text));
                    break;
                case "tool_call" or "tool_call_update":
                    OnTool(update);
                    break;
            }
        }
    }

    /// <summary>Ends the turn (if it has not ended yet).</summary>
    public void End(TurnOutcome outcome, string? error)
    {
        lock (_lock)
        {
            if (IsEnded)
            {
                return;
            }

            foreach (var id in _approvals.Keys.ToList())
            {
                ResolveLocked(id, null);
            }

            foreach (var open in _tools.Values.Where(t => !AcpUpdateMapper.IsFinished(t)))
            {
                Emit(new ItemCompleted(open with { Status = AgentItemStatus.Failed }));
            }

            _tools.Clear();
            var ended = new TurnEnded(outcome, error, _messages == 0 ? null : _lastMessage.ToString(), _usage);

            // Completion first: a reader that sees TurnEnded and starts the next turn at once must find this one ended.
            _completion.TrySetResult(ended);
            Emit(ended);
            _events.Writer.TryComplete();
        }
    }

    private void OnTool(JsonElement update)
    {
        var id = AcpJson.Text(update, "toolCallId");
        var previous = id is not null && _tools.TryGetValue(id, out var known) ? known : null;
        if (AcpUpdateMapper.ToolItem(update, previous) is not { } item)
        {
            return;
        }

        // Text after a tool call is a new message (shown after a blank line).
        _messageId = null;
        if (previous is null)
        {
            _tools[item.Id] = item;
            Emit(new ItemStarted(item));
        }
        else if (!AcpUpdateMapper.IsFinished(previous))
        {
            _tools[item.Id] = item;
        }

        if (AcpUpdateMapper.IsFinished(item) && (previous is null || !AcpUpdateMapper.IsFinished(previous)))
        {
            var declined = _declinedTools.Contains(item.Id);
            Emit(new ItemCompleted(declined ? item with { Status = AgentItemStatus.Declined } : item));
        }
    }

    private IReadOnlyList<AgentInput>? NextQueued(string stopReason)
    {
        lock (_lock)
        {
            if (_interrupted || IsEnded || stopReason is "cancelled" or "refusal" || _queued.Count == 0)
            {
                return null;
            }

            var next = _queued.SelectMany(i => i).ToList();
            _queued.Clear();
            _messageId = null;
            return next;
        }
    }

    private TurnOutcome OutcomeOf(string stopReason) => stopReason switch
    {
        "cancelled" => TurnOutcome.Interrupted,
        "refusal" => TurnOutcome.Failed,
        _ when _interrupted => TurnOutcome.Interrupted,
        _ => TurnOutcome.Completed,
    };

    private static string? ReasonOf(string stopReason) => stopReason switch
    {
        "refusal" => "the agent refused to continue",
        _ => null,
    };

    private void Emit(AgentEvent agentEvent) => _events.Writer.TryWrite(agentEvent);
}
