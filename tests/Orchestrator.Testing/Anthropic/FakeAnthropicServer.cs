using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
    private readonly List<AnthropicRecordedRequest> _requests = [];
    private readonly List<AnthropicRecordedRequest> _sideRequests = [];
    private readonly List<string> _unknownPaths = [];
    private readonly List<TaskCompletionSource<AnthropicRecordedRequest>> _waiters = [];
    private readonly Lock _lock = new();
    private int _messageCounter;

    private FakeAnthropicServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The value for <c>ANTHROPIC_BASE_URL</c>: <c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The answer when the script is empty.</summary>
    public FakeAnthropicResponse DefaultResponse { get; set; } = FakeAnthropicResponse.Text("Hello", " from", " fake", " Claude.");

    /// <summary>The streaming conversation requests so far, in order.</summary>
    public IReadOnlyList<AnthropicRecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Other requests (non-streaming messages, count_tokens).</summary>
    public IReadOnlyList<AnthropicRecordedRequest> SideRequests
    {
        get
        {
            lock (_lock)
            {
                return [.. _sideRequests];
            }
        }
    }

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
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeAnthropicServer(app);
        app.MapPost("/v1/messages", server.HandleMessagesAsync);
        app.MapPost("/v1/messages/count_tokens", server.HandleCountTokensAsync);
        app.MapFallback(server.HandleUnknownAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = $"http://127.0.0.1:{new Uri(address).Port}";
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
    public Task<AnthropicRecordedRequest> WaitForRequestAsync(int index)
    {
        lock (_lock)
        {
            if (index < _requests.Count)
            {
                return Task.FromResult(_requests[index]);
            }

            while (_waiters.Count <= index)
            {
                _waiters.Add(new TaskCompletionSource<AnthropicRecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously));
            }

            return _waiters[index].Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Held streams: stopped anyway.
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

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
            lock (_lock)
            {
                _sideRequests.Add(new AnthropicRecordedRequest(_sideRequests.Count, context.Request.Path, body, raw));
            }

            await context.Response.WriteAsJsonAsync(AnthropicSseWriter.NonStreamingText(messageId, model, "OK"), context.RequestAborted)
                .ConfigureAwait(false);
            return;
        }

        AnthropicRecordedRequest request;
        lock (_lock)
        {
            request = new AnthropicRecordedRequest(_requests.Count, context.Request.Path, body, raw);
            _requests.Add(request);
            if (request.Index < _waiters.Count)
            {
                _waiters[request.Index].TrySetResult(request);
            }
        }

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
        lock (_lock)
        {
            _sideRequests.Add(new AnthropicRecordedRequest(_sideRequests.Count, context.Request.Path, body, raw));
        }

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
