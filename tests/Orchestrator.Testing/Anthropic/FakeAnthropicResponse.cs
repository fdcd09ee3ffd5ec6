namespace Orchestrator.Testing.Anthropic;

/// <summary>A scripted answer of <see cref="FakeAnthropicServer"/> to one streaming <c>/v1/messages</c> request.</summary>
public abstract record FakeAnthropicResponse
{
    /// <summary>A text answer streamed as <paramref name="deltas"/> (one <c>text_delta</c> each), <c>stop_reason: end_turn</c>.</summary>
    public static FakeTextResponse Text(params string[] deltas) => new(deltas);

    /// <summary>A <c>tool_use</c> block of the <c>Bash</c> tool, <c>stop_reason: tool_use</c>.</summary>
    public static FakeToolUseResponse Bash(string command, string description = "Run the requested command") =>
        new("Bash", new Dictionary<string, object?> { ["command"] = command, ["description"] = description });

    /// <summary>A <c>tool_use</c> block of any tool with the given input, <c>stop_reason: tool_use</c>.</summary>
    public static FakeToolUseResponse ToolUse(string name, IReadOnlyDictionary<string, object?> input) => new(name, input);

    /// <summary>An HTTP error answer with an Anthropic error body.</summary>
    public static FakeErrorResponse Error(int statusCode, string message, string type = "invalid_request_error") =>
        new(statusCode, message, type);
}

/// <summary>A text answer in deltas. <see cref="HoldBefore"/> holds the stream open at a point until released.</summary>
public sealed record FakeTextResponse(IReadOnlyList<string> Deltas) : FakeAnthropicResponse
{
    private readonly Dictionary<int, FakeGate> _gates = [];

    /// <summary>The full text.</summary>
    public string FullText => string.Concat(Deltas);

    /// <summary>Gates by the delta index they hold back.</summary>
    public IReadOnlyDictionary<int, FakeGate> Gates => _gates;

    /// <summary>Holds the stream before delta <paramref name="deltaIndex"/> (the earlier deltas are sent and flushed).</summary>
    public FakeGate HoldBefore(int deltaIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deltaIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(deltaIndex, Deltas.Count);
        var gate = new FakeGate();
        _gates[deltaIndex] = gate;
        return gate;
    }
}

/// <summary>A tool call answer (the CLI runs the tool, asking permission first, and sends a follow-up request).</summary>
public sealed record FakeToolUseResponse(string Name, IReadOnlyDictionary<string, object?> Input) : FakeAnthropicResponse
{
    /// <summary>The tool_use id; unique per response.</summary>
    public string Id { get; init; } = "toolu_" + Guid.NewGuid().ToString("N")[..12];
}

/// <summary>An HTTP error.</summary>
public sealed record FakeErrorResponse(int StatusCode, string Message, string Type) : FakeAnthropicResponse;

/// <summary>A point where a streamed answer waits: <see cref="Reached"/> completes when the stream is there.</summary>
public sealed class FakeGate
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the stream has sent everything before the gate and waits.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Lets the stream continue.</summary>
    public void Release() => _released.TrySetResult();

    internal async Task PassAsync(CancellationToken cancellationToken)
    {
        _reached.TrySetResult();
        await _released.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
