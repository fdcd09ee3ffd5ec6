using System.Text.Json.Nodes;

namespace Orchestrator.Testing.OpenAi;

/// <summary>A request received by <see cref="FakeResponsesServer"/>.</summary>
public sealed class RecordedRequest
{
    private readonly TaskCompletionSource _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal RecordedRequest(int index, JsonNode? body, string rawBody)
    {
        Index = index;
        Body = body;
        RawBody = rawBody;
    }

    public int Index { get; }

    /// <summary>The JSON body (null if it was not JSON).</summary>
    public JsonNode? Body { get; }

    public string RawBody { get; }

    /// <summary>The <c>input</c> array of the Responses request.</summary>
    public JsonArray Input => Body?["input"] as JsonArray ?? [];

    /// <summary>Completes when the client closed the stream before the scripted response was fully sent.</summary>
    public Task StreamCut => _cut.Task;

    /// <summary>Completes when the server is done with the request (fully sent or cut).</summary>
    public Task Finished => _finished.Task;

    /// <summary>All the <c>input_text</c> / <c>output_text</c> texts of the input items, in order.</summary>
    public IReadOnlyList<string> Texts =>
        [.. Input.OfType<JsonObject>()
            .SelectMany(item => item["content"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(part => part["text"]?.GetValue<string>())
            .OfType<string>()];

    /// <summary>The user messages' texts.</summary>
    public IReadOnlyList<string> UserTexts =>
        [.. Input.OfType<JsonObject>()
            .Where(item => (string?)item["role"] == "user")
            .SelectMany(item => item["content"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(part => (string?)part["type"] == "input_text")
            .Select(part => (string?)part["text"])
            .OfType<string>()];

    /// <summary>The <c>image_url</c> of every <c>input_image</c> part.</summary>
    public IReadOnlyList<string> InputImageUrls =>
        [.. Input.OfType<JsonObject>()
            .SelectMany(item => item["content"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(part => (string?)part["type"] == "input_image")
            .Select(part => (string?)part["image_url"])
            .OfType<string>()];

    /// <summary>The <c>function_call_output</c> items' outputs by call id.</summary>
    public IReadOnlyDictionary<string, string> FunctionCallOutputs =>
        Input.OfType<JsonObject>()
            .Where(item => (string?)item["type"] == "function_call_output")
            .ToDictionary(item => (string?)item["call_id"] ?? string.Empty, item => item["output"]?.ToJsonString() ?? string.Empty);

    /// <summary>True if any user text contains <paramref name="text"/>.</summary>
    public bool HasUserText(string text) => UserTexts.Any(t => t.Contains(text, StringComparison.Ordinal));

    internal void MarkCut() => _cut.TrySetResult();

    internal void MarkFinished() => _finished.TrySetResult();
}
