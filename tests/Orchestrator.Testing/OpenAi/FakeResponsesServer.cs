using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using Orchestrator.Testing.Hosting;

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
    private readonly RequestJournal<RecordedRequest> _requests = new();

    private FakeResponsesServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The base URL to put in Codex's config: <c>http://127.0.0.1:PORT/v1</c>.</summary>
    public string BaseUrl { get; private init; } = string.Empty;

    /// <summary>The answer when the script is empty.</summary>
    public FakeResponse DefaultResponse { get; set; } = FakeResponse.Text("Hello from the fake model.", 5);

    /// <summary>Every <c>/v1/responses</c> request received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.All;

    public static async Task<FakeResponsesServer> StartAsync()
    {
        FakeResponsesServer? server = null;
        var (app, port) = await LoopbackApp.StartAsync(app =>
        {
            app.MapPost("/v1/responses", context => server!.HandleAsync(context));
            app.MapFallback(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return context.Response.WriteAsJsonAsync(new { error = new { message = $"not faked: {context.Request.Path}" } });
            });
        }).ConfigureAwait(false);
        server = new FakeResponsesServer(app) { BaseUrl = $"http://127.0.0.1:{port}/v1" };
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
    public Task<RecordedRequest> WaitForRequestAsync(int index) => _requests.WaitForAsync(index);

    public async ValueTask DisposeAsync() => await LoopbackApp.StopAsync(_app).ConfigureAwait(false);

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

        var request = _requests.Add(index => new RecordedRequest(index, body, raw));

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
