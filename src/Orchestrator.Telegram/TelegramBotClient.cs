using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

using Orchestrator.Telegram.Exceptions;
using Orchestrator.Telegram.Requests;
using Orchestrator.Telegram.Resilience;
using Orchestrator.Telegram.Serialization;

using Polly;

namespace Orchestrator.Telegram;

/// <summary>
/// Bot API client over one <see cref="HttpClient"/>: POSTs JSON to <c>{base}/bot{token}/{method}</c> and decodes
/// <c>{"ok":...}</c> envelopes. Each request has its own timeout (<see cref="TelegramBotClientOptions.RequestTimeout"/>,
/// or the long-poll timeout + 15 s for getUpdates) and goes through the retry pipeline of
/// <see cref="TelegramResilience"/>, except getUpdates, which is never retried here because the polling loop already
/// loops (and must see 409 Conflict at once). Exception messages never contain the token.
/// </summary>
public sealed class TelegramBotClient : ITelegramBotClient, IDisposable
{
    private static readonly TimeSpan LongPollGrace = TimeSpan.FromSeconds(15);
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly TelegramBotClientOptions options;
    private readonly HttpClient http;
    private readonly bool ownsHttp;
    private readonly ResiliencePipeline pipeline;

    /// <summary>Creates a client. A supplied <paramref name="httpClient"/> should have an infinite Timeout: this client times requests itself.</summary>
    public TelegramBotClient(TelegramBotClientOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        ownsHttp = httpClient is null;
        http = httpClient ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        pipeline = options.Retry is { } retry ? TelegramResilience.CreatePipeline(retry) : ResiliencePipeline.Empty;
    }

    public long BotId => options.BotId;

    public async Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request is GetUpdatesRequest)
        {
            return await SendOnce(request, cancellationToken).ConfigureAwait(false);
        }

        return await pipeline.ExecuteAsync(
            static async (state, ct) => await state.Client.SendOnce(state.Request, ct).ConfigureAwait(false),
            (Client: this, Request: request),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task DownloadFile(string filePath, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        ArgumentNullException.ThrowIfNull(destination);
        var url = $"{options.BaseUrl}/file/bot{options.Token}/{filePath.TrimStart('/')}";
        await Execute("download", url, null, options.RequestTimeout, async (response, ct) =>
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new RequestException($"Downloading a file failed with HTTP {(int)response.StatusCode}.", response.StatusCode);
            }

            await response.Content.CopyToAsync(destination, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (ownsHttp)
        {
            http.Dispose();
        }
    }

    private Task<TResponse> SendOnce<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken)
    {
        var method = request.MethodName;
        var body = JsonSerializer.SerializeToUtf8Bytes(request, TelegramJson.Options.GetTypeInfo(request.GetType()));
        var timeout = request is GetUpdatesRequest { Timeout: > 0 and var poll }
            ? TimeSpan.FromSeconds(poll) + LongPollGrace
            : options.RequestTimeout;
        return Execute(method, $"{options.BaseUrl}/bot{options.Token}/{method}", body, timeout, async (response, ct) =>
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            return ApiResponseReader.Read<TResponse>(method, response.StatusCode, bytes);
        }, cancellationToken);
    }

    private async Task<T> Execute<T>(
        string what, string url, byte[]? body, TimeSpan timeout, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            using var message = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, url);
            if (body is not null)
            {
                message.Content = new ByteArrayContent(body);
                message.Content.Headers.ContentType = JsonContentType;
            }

            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            return await read(response, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw new RequestException(
                $"Telegram request {what} timed out after {timeout.TotalSeconds:0.#} s.",
                (HttpStatusCode?)null,
                new TimeoutException($"No response within {timeout.TotalSeconds:0.#} s."));
        }
        catch (HttpRequestException ex)
        {
            var detail = Scrub(ex.Message);
            var inner = ex.ToString().Contains(options.Token, StringComparison.Ordinal) ? null : ex;
            throw new RequestException($"Telegram request {what} failed: {detail}", ex.StatusCode, inner);
        }
        catch (IOException ex)
        {
            throw new RequestException($"Telegram request {what} failed while reading the response: {Scrub(ex.Message)}", (HttpStatusCode?)null);
        }
    }

    private string Scrub(string text) => text.Replace(options.Token, "<token>", StringComparison.Ordinal);
}
