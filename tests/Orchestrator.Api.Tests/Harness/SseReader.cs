using System.Text.Json;
using System.Threading.Channels;

namespace Orchestrator.Api.Tests.Harness;

/// <summary>One Server-Sent Event as a client reads it.</summary>
public sealed record SseEvent(string? Id, string Event, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}

/// <summary>Reads an SSE response in the background; <see cref="Connected"/> completes with the stream's first comment.</summary>
public sealed class SseReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Channel<SseEvent> _events = Channel.CreateUnbounded<SseEvent>();
    private readonly TaskCompletionSource<string> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private SseReader(HttpResponseMessage response)
    {
        _response = response;
        _loop = Task.Run(ReadAsync);
    }

    public Task<string> Connected => _connected.Task;

    public List<string> Comments { get; } = [];

    public static async Task<SseReader> OpenAsync(HttpClient client, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/stream/events");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new SseReader(response);
        await reader.Connected.WaitAsync(TimeSpan.FromSeconds(30));
        return reader;
    }

    /// <summary>The next event (in stream order) that matches; events before it that do not match are skipped.</summary>
    public async Task<SseEvent> NextAsync(Func<SseEvent, bool> predicate, TimeSpan timeout)
    {
        using var timer = new CancellationTokenSource(timeout);
        while (true)
        {
            var next = await _events.Reader.ReadAsync(timer.Token);
            if (predicate(next))
            {
                return next;
            }
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var stream = await _response.Content.ReadAsStreamAsync(_stop.Token);
            using var lines = new StreamReader(stream);
            string? id = null;
            string kind = "message";
            var data = new List<string>();
            while (await lines.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Count > 0)
                    {
                        await _events.Writer.WriteAsync(new SseEvent(id, kind, string.Join("\n", data)));
                    }

                    id = null;
                    kind = "message";
                    data.Clear();
                }
                else if (line.StartsWith(':'))
                {
                    lock (Comments)
                    {
                        Comments.Add(line);
                    }

                    _connected.TrySetResult(line);
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line[4..];
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    kind = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Add(line[6..]);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
            _connected.TrySetException(new InvalidOperationException("The stream ended before its first comment."));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
        }

        _stop.Dispose();
    }
}
