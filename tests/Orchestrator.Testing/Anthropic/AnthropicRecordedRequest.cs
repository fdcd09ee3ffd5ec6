using System.Text.Json.Nodes;

namespace Orchestrator.Testing.Anthropic;

/// <summary>One request received by <see cref="FakeAnthropicServer"/>.</summary>
public sealed class AnthropicRecordedRequest
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _cut;

    public AnthropicRecordedRequest(int index, string path, JsonNode? body, string raw)
    {
        Index = index;
        Path = path;
        Body = body;
        Raw = raw;
    }

    /// <summary>0-based position among the streaming conversation requests.</summary>
    public int Index { get; }

    public string Path { get; }

    public JsonNode? Body { get; }

    public string Raw { get; }

    /// <summary>The request's <c>messages</c> array (the conversation history sent to the model).</summary>
    public JsonArray Messages => Body?["messages"] as JsonArray ?? [];

    /// <summary>Every <c>text</c> of every message (string contents and text blocks), in order.</summary>
    public IReadOnlyList<string> Texts =>
    [
        .. Messages.SelectMany(m => m?["content"] switch
        {
            JsonValue value => [value.GetValue<string>()],
            JsonArray blocks => blocks.Where(b => (string?)b?["type"] == "text").Select(b => (string?)b?["text"] ?? string.Empty),
            _ => [],
        }),
    ];

    /// <summary>Every content block of type <paramref name="type"/> in the messages.</summary>
    public IReadOnlyList<JsonNode> Blocks(string type) =>
    [
        .. Messages.SelectMany(m => m?["content"] as JsonArray ?? []).Where(b => (string?)b?["type"] == type).Select(b => b!),
    ];

    /// <summary>True when the client went away before the answer was fully sent.</summary>
    public bool WasCut => _cut;

    /// <summary>Completes when the answer is finished (sent, or cut).</summary>
    public Task Finished => _finished.Task;

    internal void MarkCut() => _cut = true;

    internal void MarkFinished() => _finished.TrySetResult();
}
