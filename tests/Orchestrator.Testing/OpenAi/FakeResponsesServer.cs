using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Testing.OpenAi;

/// <summary>
/// A fake OpenAI Responses API on 127.0.0.1 (random port) for running the real Codex CLI offline.
/// <c>POST /v1/responses</c> answers with the next scripted <see cref="FakeResponse"/> (or <see cref="DefaultResponse"/>)
/// as an SSE stream, and records every request body.
/// </summary>
public sealed class FakeResponsesServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeResponse> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<TaskCompletionSource<RecordedRequest>> _waiters = [];
    private readonly Lock _lock = new();

    private FakeResponsesServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The base URL to put in Codex's config: <c>http://127.0.0.1:PORT/v1</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The answer when the script is empty.</summary>
    public FakeResponse DefaultResponse { get; set; } = FakeResponse.Text("Hello from the fake model.", 5);

    /// <summary>Every <c>/v1/responses</c> request received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeResponsesServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeResponsesServer(app);
        app.MapPost("/v1/responses", server.HandleAsync);
        app.MapFallback(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return context.Response.WriteAsJsonAsync(new { error = new { message = $"not faked: {context.Request.Path}" } });
        });
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = $"http://127.0.0.1:{new Uri(address).Port}/v1";
        return server;
    }

    /// <summary>Queues the answers to the next requests, in order.</summary>
    public void Enqueue(params FakeResponse[] responses)
    {
        foreach (var response in responses)
        {
            _script.Enqueue(response);
        }
    }

    /// <summary>Completes when request number <paramref name="index"/> (0-based) has been received.</summary>
    public Task<RecordedRequest> WaitForRequestAsync(int index)
    {
        lock (_lock)
        {
            if (index < _requests.Count)
            {
                return Task.FromResult(_requests[index]);
            }

            while (_waiters.Count <= index)
            {
                _waiters.Add(new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously));
            }

            return _waiters[index].Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var raw = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        JsonNode? body = null;
        try
        {
            body = JsonNode.Parse(raw);
        }
        catch (System.Text.Json.JsonException)
        {
            // Recorded raw.
        }

        RecordedRequest request;
        lock (_lock)
        {
            request = new RecordedRequest(_requests.Count, body, raw);
            _requests.Add(request);
            if (request.Index < _waiters.Count)
            {
                _waiters[request.Index].TrySetResult(request);
            }
        }

        var response = _script.TryDequeue(out var scripted) ? scripted : DefaultResponse;
        try
        {
            await new SseResponseWriter(context, request.Index).WriteAsync(response).ConfigureAwait(false);
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
}
