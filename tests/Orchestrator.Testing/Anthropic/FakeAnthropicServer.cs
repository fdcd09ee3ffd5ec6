using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using Orchestrator.Testing.Hosting;

namespace Orchestrator.Testing.Anthropic;

/// <summary>
/// A fake Anthropic Messages API on 127.0.0.1 (random port) for running the real Claude Code CLI offline.
/// Streaming <c>POST /v1/messages</c> requests (the conversation) get the next scripted <see cref="FakeAnthropicResponse"/>
/// (or <see cref="DefaultResponse"/>); non-streaming ones (side calls of the CLI) get a short JSON text answer;
/// <c>/v1/messages/count_tokens</c> gets a count. Every request is recorded; unknown paths are answered 404 and listed.
/// </summary>
public sealed class FakeAnthropicServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeAnthropicResponse> _script = new();
    private readonly RequestJournal<AnthropicRecordedRequest> _requests = new();
    private readonly RequestJournal<AnthropicRecordedRequest> _sideRequests = new();
    private readonly List<string> _unknownPaths = [];
    private readonly Lock _lock = new();
    private int _messageCounter;

    private FakeAnthropicServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The value for <c>ANTHROPIC_BASE_URL</c>: <c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl { get; private init; } = string.Empty;

    /// <summary>The answer when the script is empty.</summary>
    public FakeAnthropicResponse DefaultResponse { get; set; } = FakeAnthropicResponse.Text("Hello", " from", " fake", " Claude.");

    /// <summary>The streaming conversation requests so far, in order.</summary>
    public IReadOnlyList<AnthropicRecordedRequest> Requests => _requests.All;

    /// <summary>Other requests (non-streaming messages, count_tokens).</summary>
    public IReadOnlyList<AnthropicRecordedRequest> SideRequests => _sideRequests.All;

    /// <summary>Paths the fake does not implement (answered 404).</summary>
    public IReadOnlyList<string> UnknownPaths
    {
        get
        {
            lock (_lock)
            {
                return [.. _unknownPaths];
            }
        }
    }

    public static async Task<FakeAnthropicServer> StartAsync()
    {
        FakeAnthropicServer? server = null;
        var (app, port) = await LoopbackApp.StartAsync(app =>
        {
            app.MapPost("/v1/messages", context => server!.HandleMessagesAsync(context));
            app.MapPost("/v1/messages/count_tokens", context => server!.HandleCountTokensAsync(context));
            app.MapFallback(context => server!.HandleUnknownAsync(context));
        }).ConfigureAwait(false);
        server = new FakeAnthropicServer(app) { BaseUrl = $"http://127.0.0.1:{port}" };
        return server;
    }

    /// <summary>Queues the answers to the next streaming requests, in order.</summary>
    public void Enqueue(params FakeAnthropicResponse[] responses)
    {
        foreach (var response in responses)
        {
            _script.Enqueue(response);
        }
    }

    /// <summary>Completes when streaming request number <paramref name="index"/> (0-based) has been received.</summary>
    public Task<AnthropicRecordedRequest> WaitForRequestAsync(int index) => _requests.WaitForAsync(index);

    public async ValueTask DisposeAsync() => await LoopbackApp.StopAsync(_app).ConfigureAwait(false);

    private static async Task<(JsonNode? Body, string Raw)> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var raw = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            return (JsonNode.Parse(raw), raw);
        }
        catch (JsonException)
        {
            return (null, raw);
        }
    }

    private async Task HandleMessagesAsync(HttpContext context)
    {
        var (body, raw) = await ReadBodyAsync(context).ConfigureAwait(false);
        var model = (string?)body?["model"] ?? "claude-fake";
        var messageId = $"msg_{Interlocked.Increment(ref _messageCounter)}";
        var writer = new AnthropicSseWriter(context, messageId, model);
        if (body?["stream"]?.GetValueKind() != JsonValueKind.True)
        {
            _sideRequests.Add(index => new AnthropicRecordedRequest(index, context.Request.Path, body, raw));
            await context.Response.WriteAsJsonAsync(AnthropicSseWriter.NonStreamingText(messageId, model, "OK"), context.RequestAborted)
                .ConfigureAwait(false);
            return;
        }

        var request = _requests.Add(index => new AnthropicRecordedRequest(index, context.Request.Path, body, raw));

        var response = _script.TryDequeue(out var scripted) ? scripted : DefaultResponse;
        try
        {
            if (response is FakeErrorResponse error)
            {
                await writer.WriteErrorAsync(error).ConfigureAwait(false);
            }
            else
            {
                await writer.WriteStreamAsync(response).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            request.MarkCut();
        }
        finally
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                request.MarkCut();
            }

            request.MarkFinished();
        }
    }

    private async Task HandleCountTokensAsync(HttpContext context)
    {
        var (body, raw) = await ReadBodyAsync(context).ConfigureAwait(false);
        _sideRequests.Add(index => new AnthropicRecordedRequest(index, context.Request.Path, body, raw));
        await context.Response.WriteAsJsonAsync(new { input_tokens = Math.Max(1, raw.Length / 4) }, context.RequestAborted).ConfigureAwait(false);
    }

    private Task HandleUnknownAsync(HttpContext context)
    {
        lock (_lock)
        {
            _unknownPaths.Add($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return context.Response.WriteAsJsonAsync(
            new { type = "error", error = new { type = "not_found_error", message = $"not faked: {context.Request.Path}" } });
    }
}
