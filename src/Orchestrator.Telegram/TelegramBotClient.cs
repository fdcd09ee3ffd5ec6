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
/// Bot API client over one <see cref="HttpClient"/>: POSTs JSON (multipart/form-data for file uploads) to <c>{base}/bot{token}/{method}</c> and decodes
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
            return await SendOnce(request, null, cancellationToken).ConfigureAwait(false);
        }

        // A file is read once, so that a retry uploads the same bytes again.
        var files = request is IFileRequest fileRequest ? await ReadFilesAsync(fileRequest, cancellationToken).ConfigureAwait(false) : null;
        return await pipeline.ExecuteAsync(
            static async (state, ct) => await state.Client.SendOnce(state.Request, state.Files, ct).ConfigureAwait(false),
            (Client: this, Request: request, Files: files),
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

    private static async Task<List<UploadedFile>> ReadFilesAsync(IFileRequest request, CancellationToken cancellationToken)
    {
        var files = new List<UploadedFile>();
        foreach (var (field, file) in request.Files)
        {
            using var buffer = new MemoryStream();
            var start = file.Content.CanSeek ? file.Content.Position : (long?)null;
            await file.Content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (start is long position)
            {
                file.Content.Position = position; // the same request may be sent again (e.g. to a group's new supergroup id)
            }

            files.Add(new UploadedFile(field, file.FileName ?? field, buffer.ToArray()));
        }

        return files;
    }

    /// <summary>
    /// The multipart/form-data body of a file upload: each JSON parameter becomes a form field (strings as they are,
    /// objects such as reply_parameters as JSON text, as Telegram expects), each file a part with its name.
    /// </summary>
    private static HttpContent MultipartBody(byte[] json, List<UploadedFile> files)
    {
        var form = new MultipartFormDataContent();
        using (var document = JsonDocument.Parse(json))
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                form.Add(new StringContent(value), property.Name);
            }
        }

        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, file.Field, file.FileName);
        }

        return form;
    }

    private Task<TResponse> SendOnce<TResponse>(IRequest<TResponse> request, List<UploadedFile>? files, CancellationToken cancellationToken)
    {
        var method = request.MethodName;
        var json = JsonSerializer.SerializeToUtf8Bytes(request, TelegramJson.Options.GetTypeInfo(request.GetType()));
        Func<HttpContent> body = files is null ? () => JsonBody(json) : () => MultipartBody(json, files);
        var timeout = request is GetUpdatesRequest { Timeout: > 0 and var poll }
            ? TimeSpan.FromSeconds(poll) + LongPollGrace
            : options.RequestTimeout;
        return Execute(method, $"{options.BaseUrl}/bot{options.Token}/{method}", body, timeout, async (response, ct) =>
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            return ApiResponseReader.Read<TResponse>(method, response.StatusCode, bytes);
        }, cancellationToken);
    }

    private static ByteArrayContent JsonBody(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = JsonContentType;
        return content;
    }

    private async Task<T> Execute<T>(
        string what, string url, Func<HttpContent>? body, TimeSpan timeout, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            using var message = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, url);
            if (body is not null)
            {
                message.Content = body();
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

    private sealed record UploadedFile(string Field, string FileName, byte[] Bytes);

    private string Scrub(string text) => text.Replace(options.Token, "<token>", StringComparison.Ordinal);
}
